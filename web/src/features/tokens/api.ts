// The business's API tokens (administrators): the list with when each was last used, a new token (its
// secret shown once), revoking.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiTokenView, CreatedApiToken } from '@contracts/accounts';
import type { BusinessSettings } from '@contracts/business';
import type { Role } from '@contracts/roles';
import { api } from '../../lib/api';

export type TokenRow = ApiTokenView;
export type NewToken = { name: string; roles: Role[] };

/** The server's bound on a token's name (contracts' ACCOUNT_LIMITS.tokenName). */
export const TOKEN_NAME_MAX = 100;

export const tokensKeys = { list: ['tokens'] as const };

export function useTokens() {
  return useQuery({
    queryKey: tokensKeys.list,
    queryFn: ({ signal }) => api.get<{ tokens: TokenRow[] }>('/api/v1/tokens', signal).then((r) => r.tokens),
    // "Last used" moves whenever a machine calls; fresh whenever the screen is opened.
    staleTime: 0,
  });
}

function useTokenMutation<TVars, TResult>(fn: (v: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: tokensKeys.list }) });
}

export function useCreateToken() {
  return useTokenMutation((body: NewToken) => api.post<CreatedApiToken>('/api/v1/tokens', body));
}

export function useRevokeToken() {
  return useTokenMutation((id: number) => api.delete<{ ok: true }>(`/api/v1/tokens/${id}`));
}

type Business = { id: number; name: string; settings: BusinessSettings };
/** The same cache entry every settings screen reads the business through. */
const businessKey = ['business'] as const;

/** The business, for its API-token rate limit (requests a minute per token). */
export function useBusinessSettings() {
  return useQuery({
    queryKey: businessKey,
    queryFn: ({ signal }) => api.get<{ business: Business }>('/api/v1/business', signal).then((r) => r.business),
  });
}

export function useSaveApiRateLimit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (apiRateLimitPerMinute: number) =>
      api.patch<{ business: Business }>('/api/v1/business', { settings: { apiRateLimitPerMinute } }).then((r) => r.business),
    onSuccess: (b) => qc.setQueryData(businessKey, b),
  });
}
