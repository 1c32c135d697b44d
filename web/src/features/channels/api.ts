// The business's channels (administrators): the list, each one's health and failed deliveries (with
// Retry), creating one of each kind, changing its settings, a new webhook secret.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Channel, ChannelHealth, ChannelWithSecret, CreateChannelBody, Delivery, DeliveryList, UpdateChannelBody } from '@contracts/channels';
import type { Bot } from '@contracts/bots';
import { api } from '../../lib/api';

export type { Channel, ChannelHealth, Delivery };
export type NewChannel = CreateChannelBody;
export type WidgetSettingsValue = NonNullable<Channel['widget']>['settings'];

/** The server's rules (contracts' CHANNEL_LIMITS, TelegramToken and widget settings; not imported: channels.ts brings zod). */
export const CHANNEL_LIMITS = { name: 100, webhookUrl: 2048, title: 60, greeting: 500, origins: 20 } as const;
export const TELEGRAM_TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/;
export const COLOR = /^#[0-9a-fA-F]{6}$/;

/** How often an open screen asks again: deliveries are retried in the background, so health changes by itself. */
const HEALTH_REFRESH_MS = 5_000;

export const channelsKeys = {
  all: ['channels'] as const,
  list: ['channels', 'list'] as const,
  bots: ['channels', 'bots'] as const,
  health: (id: number) => ['channels', id, 'health'] as const,
  failed: (id: number) => ['channels', id, 'failed'] as const,
};

export function useChannels() {
  return useQuery({
    queryKey: channelsKeys.list,
    queryFn: ({ signal }) => api.get<{ channels: Channel[] }>('/api/v1/channels', signal).then((r) => r.channels),
  });
}

/** The bots a channel can feed (names for the list, choices for a new channel). */
export function useBots() {
  return useQuery({
    queryKey: channelsKeys.bots,
    queryFn: ({ signal }) => api.get<{ bots: Bot[] }>('/api/v1/bots', signal).then((r) => r.bots),
  });
}

/** A channel's health, asked again while shown; `enabled` false for a widget, which has no deliveries to follow. */
export function useChannelHealth(id: number, enabled = true) {
  return useQuery({
    queryKey: channelsKeys.health(id),
    enabled,
    queryFn: ({ signal }) => api.get<{ health: ChannelHealth }>(`/api/v1/channels/${id}/health`, signal).then((r) => r.health),
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

/** Deliveries whose last attempt failed (still retried, or given up), oldest first; waiting ones are not listed. */
export function useFailedDeliveries(id: number) {
  return useQuery({
    queryKey: channelsKeys.failed(id),
    queryFn: ({ signal }) =>
      api.get<DeliveryList>(`/api/v1/channels/${id}/deliveries?limit=50`, signal).then((r) => r.deliveries.filter((d) => d.lastError !== null)),
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

function useChannelMutation<TVars, TResult>(fn: (v: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: channelsKeys.all }) });
}

export function useCreateChannel() {
  return useChannelMutation((body: NewChannel) => api.post<ChannelWithSecret>('/api/v1/channels', body));
}

export function useUpdateChannel() {
  return useChannelMutation(({ id, patch }: { id: number; patch: UpdateChannelBody }) =>
    api.patch<{ channel: Channel }>(`/api/v1/channels/${id}`, patch).then((r) => r.channel),
  );
}

export function useRotateSecret() {
  return useChannelMutation((id: number) => api.post<ChannelWithSecret>(`/api/v1/channels/${id}/rotate-secret`));
}

export function useRetryDelivery() {
  return useChannelMutation(({ channelId, deliveryId }: { channelId: number; deliveryId: number }) =>
    api.post<{ delivery: Delivery }>(`/api/v1/channels/${channelId}/deliveries/${deliveryId}/retry`),
  );
}
