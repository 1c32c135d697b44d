// Session state: who is signed in, sign-in, setting a password from a link, first-run setup, logout and the Online/Offline switch.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { LogoutBody, OperatorStatusView, SessionView, SetupOwnerBody, SetupState } from '@contracts/accounts';
import type { OperatorStatus } from '@contracts/roles';
import { api, ApiError, setCsrfToken } from '../../lib/api';

export const authKeys = {
  session: ['session'] as const,
  setup: ['setup'] as const,
};

/** The signed-in user, or null when nobody is (401). */
export function useSession() {
  return useQuery({
    queryKey: authKeys.session,
    queryFn: async (): Promise<SessionView | null> => {
      try {
        const s = await api.get<SessionView>('/api/v1/me');
        setCsrfToken(s.csrfToken);
        return s;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: Infinity,
  });
}

export function useSetupState(enabled: boolean) {
  return useQuery({ queryKey: authKeys.setup, queryFn: () => api.get<SetupState>('/api/v1/setup'), enabled, staleTime: Infinity });
}

/** Drops every cached answer but the session's own (whose observers stay attached). */
function forgetServerData(qc: QueryClient): void {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.session[0] });
  qc.getMutationCache().clear();
}

function signedIn(qc: QueryClient, s: SessionView): void {
  setCsrfToken(s.csrfToken);
  forgetServerData(qc);
  qc.setQueryData(authKeys.session, s);
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api.post<SessionView>('/api/v1/auth/login', body),
    onSuccess: (s) => signedIn(qc, s),
  });
}

/** Sets a password with an invitation or reset link's token; the answer is a session, as sign-in's. */
export function useSetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; password: string }) => api.post<SessionView>('/api/v1/auth/set-password', body),
    onSuccess: (s) => signedIn(qc, s),
  });
}

export function useSetupOwner() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SetupOwnerBody) => api.post<SessionView>('/api/v1/setup/owner', body),
    onSuccess: (s) => signedIn(qc, s),
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LogoutBody) => api.post('/api/v1/auth/logout', body),
    onSuccess: () => signedOut(qc),
  });
}

/** Forgets everything of the session that ended (logout, or the server closed it). */
export function signedOut(qc: QueryClient): void {
  setCsrfToken(null);
  forgetServerData(qc);
  qc.setQueryData(authKeys.session, null);
}

export function useSetStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (status: OperatorStatus) => api.put<OperatorStatusView>('/api/v1/me/status', { status }),
    onSuccess: (r) => setOwnStatus(qc, r.userId, r.status),
  });
}

/** Applies an operator.status event or answer to the session if it is the signed-in user's. */
export function setOwnStatus(qc: QueryClient, userId: number, status: OperatorStatus): void {
  qc.setQueryData<SessionView | null>(authKeys.session, (s) => (s && s.user.id === userId ? { ...s, user: { ...s.user, status } } : s));
}
