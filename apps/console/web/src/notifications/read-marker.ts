import { useCallback, useEffect, useState } from 'react';

/**
 * When this member of staff last read their notifications, kept in this browser (localStorage):
 * reading them writes nothing to the server. Other tabs of the console follow along.
 */
const keyFor = (staffId: string) => `supporter-crm:notifications-read:${staffId}`;

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage blocked (private mode, policy): everything counts as unread
  }
}

export function useReadMarker(staffId: string): [string | null, (readUpTo: string) => void] {
  const key = keyFor(staffId);
  const [readUpTo, setReadUpTo] = useState(() => stored(key));
  useEffect(() => {
    setReadUpTo(stored(key));
    const onStorage = (event: StorageEvent) => {
      if (event.key === key) setReadUpTo(event.newValue);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [key]);
  const markRead = useCallback(
    (upTo: string) => {
      setReadUpTo((current) => {
        if (current && current >= upTo) return current;
        try {
          window.localStorage.setItem(key, upTo);
        } catch {
          // storage blocked: read state lasts for this page only
        }
        return upTo;
      });
    },
    [key],
  );
  return [readUpTo, markRead];
}
