import { z } from 'zod';
import { Id, Millis } from './common';

/** Field limits of the bots API, shared by the server and the admin UI. */
export const BOT_LIMITS = {
  name: 100,
} as const;

const BotName = z.string().trim().min(1).max(BOT_LIMITS.name);

/** A bot: the scenario side of a conversation; channels connect it to messengers. */
export const Bot = z.object({
  id: Id,
  /** Display name, shown in the dialog panel next to each lead. */
  name: z.string(),
  createdAt: Millis,
});
export type Bot = z.infer<typeof Bot>;

export const BotList = z.object({
  /** Every bot of the business, oldest first. */
  bots: z.array(Bot),
});
export type BotList = z.infer<typeof BotList>;

/** The answer of create and rename. */
export const BotResponse = z.object({ bot: Bot });
export type BotResponse = z.infer<typeof BotResponse>;

export const CreateBotBody = z.strictObject({
  /** Display name (trimmed, 1-100 characters). */
  name: BotName,
});
export type CreateBotBody = z.infer<typeof CreateBotBody>;

export const UpdateBotBody = z.strictObject({
  /** New display name. */
  name: BotName,
});
export type UpdateBotBody = z.infer<typeof UpdateBotBody>;
