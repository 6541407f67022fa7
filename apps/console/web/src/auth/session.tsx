import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import { consoleApi, unwrap } from '../api/clients';
import type { Session, SignedInStaff } from '../api/console';
import { ApiError } from '../api/errors';
import { setCsrfToken, whenSessionEnds } from '../api/session-token';

/** The signed-in person: the one piece of truly global state in the console. */
interface SessionState {
  staff: SignedInStaff | null;
  /** The whole sign-in answer (two-factor state included), or null when signed out. */
  session: Session | null;
  loading: boolean;
  /** Records a session just opened by sign-in, invitation or reset. */
  started(session: Session): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);
const ME = ['auth', 'me'] as const;

async function currentSession(): Promise<Session | null> {
  try {
    return await unwrap(consoleApi.GET('/api/auth/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ME, queryFn: currentSession, staleTime: Infinity, retry: 1 });

  useEffect(() => setCsrfToken(me.data?.csrfToken ?? null), [me.data]);
  useEffect(
    () =>
      whenSessionEnds(() => {
        setCsrfToken(null);
        queryClient.setQueryData(ME, null);
      }),
    [queryClient],
  );

  const started = useCallback(
    (session: Session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(ME, session);
    },
    [queryClient],
  );
  const signOut = useCallback(async () => {
    try {
      await consoleApi.POST('/api/auth/logout');
    } finally {
      setCsrfToken(null);
      // Everything read in this session goes; the session query stays (observed) and becomes "signed out".
      queryClient.setQueryData(ME, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME[0] });
    }
  }, [queryClient]);

  const value = useMemo(
    () => ({
      staff: me.data?.staff ?? null,
      session: me.data ?? null,
      loading: me.isPending,
      started,
      signOut,
    }),
    [me.data, me.isPending, started, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in person; only for screens behind sign-in. */
export function useStaff(): SignedInStaff {
  const { staff } = useSession();
  if (!staff) throw new Error('useStaff on a screen that is not behind sign-in');
  return staff;
}
