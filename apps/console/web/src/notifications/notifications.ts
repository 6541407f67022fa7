import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { mailerApi, unwrap } from '../api/clients';
import type { components } from '../api/generated/mailer';

export type Notification = components['schemas']['NotificationDto'];

const KEY = ['notifications'] as const;
/** How often the top bar asks for news; each ask after the first returns only what is new. */
const POLL_MS = 5_000;
/** The list keeps the most recent ones only. */
const KEEP = 20;

interface Known {
  /** Newest first. */
  items: Notification[];
  /** The mailer's cursor: asking `after` it answers only newer notifications. */
  cursor: string | null;
}

const fetchNotifications = (after: string | null) =>
  unwrap(mailerApi.GET('/notifications', { params: { query: after ? { after } : {} } }));

/**
 * Recent notifications, newest first, polled: the first request loads the recent ones, later ones
 * ask only for those after the newest known and add them on top. `arrived` is the newest to have
 * come in since the page opened (for a screen-reader announcement), with how many came with it.
 */
export function useNotifications() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: KEY,
    refetchInterval: POLL_MS,
    queryFn: async (): Promise<Known> => {
      const known = queryClient.getQueryData<Known>(KEY);
      const page = await fetchNotifications(known?.cursor ?? null);
      const ids = new Set(page.items.map((notification) => notification.id));
      const older = (known?.items ?? []).filter((notification) => !ids.has(notification.id));
      return {
        items: [...page.items, ...older].slice(0, KEEP),
        cursor: page.nextCursor ?? known?.cursor ?? null,
      };
    },
  });
  const items = query.data?.items;
  const seen = useRef<Set<string> | null>(null);
  const [arrived, setArrived] = useState<{ newest: Notification; count: number } | null>(null);
  useEffect(() => {
    if (!items) return;
    if (seen.current === null) {
      seen.current = new Set(items.map((notification) => notification.id));
      return;
    }
    const known = seen.current;
    const fresh = items.filter((notification) => !known.has(notification.id));
    for (const notification of fresh) known.add(notification.id);
    if (fresh[0]) setArrived({ newest: fresh[0], count: fresh.length });
  }, [items]);
  return { notifications: items ?? [], arrived };
}
