import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { ApiError } from '../lib/api';
import { signedOut, useSession, useSetupState } from '../features/auth/api';
import { linkToken, SetPasswordScreen } from '../features/auth/SetPasswordScreen';
import { SetupScreen } from '../features/auth/SetupScreen';
import { SignInScreen } from '../features/auth/SignInScreen';
import { Workspace } from './Workspace';

// A session that ended elsewhere (expired, signed out on another device) shows the sign-in screen.
const onError = (err: unknown) => {
  if (err instanceof ApiError && err.status === 401) signedOut(queryClient);
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      // Realtime events keep data fresh; refetching on focus would only add load.
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      retry: (n, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && n < 3,
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Gate />
    </QueryClientProvider>
  );
}

/**
 * A password link → "Choose a password" (whoever is signed in here: the link is for its own user);
 * signed in → the workspace; else the first-run screen on a fresh install, or sign-in.
 */
function Gate() {
  const { t } = useTranslation();
  const [path, navigate] = useLocation();
  const session = useSession();
  const setup = useSetupState(session.data === null);
  if (path === '/set-password') return <SetPasswordScreen token={linkToken(location.hash)} onDone={() => navigate('/inbox/waiting', { replace: true })} />;
  if (session.isPending || (session.data === null && setup.isPending)) return <p className="splash">{t('common.loading')}</p>;
  if (session.isError)
    return (
      <p className="splash" role="alert">
        {t('errors.network')}
      </p>
    );
  if (session.data) return <Workspace session={session.data} />;
  return setup.data?.needsOwner ? <SetupScreen /> : <SignInScreen />;
}
