import { useEffect } from 'react';

const QUESTION = 'Leave this step without saving your changes?';

/**
 * While `dirty`, closing or reloading the tab asks first (the browser's own prompt), and
 * `confirmLeave` asks before the wizard's own step links move away.
 */
export function useUnsavedWarning(dirty: boolean): void {
  useEffect(() => {
    unsaved = dirty;
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => {
      unsaved = false;
      window.removeEventListener('beforeunload', warn);
    };
  }, [dirty]);
}

// One wizard step is on screen at a time, so one flag is enough.
let unsaved = false;

/** True when nothing is unsaved, or the person agrees to lose it. */
export const confirmLeave = (): boolean => !unsaved || window.confirm(QUESTION);
