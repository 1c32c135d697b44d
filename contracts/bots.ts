import { z } from 'zod';
import { Id, Millis } from './common';
import { ScriptCode } from './scripts';

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
  /** Script a new lead (and /start) begins with; null: the bot answers only its entries and fallback. */
  startScript: ScriptCode.nullable(),
  /** Script "return to bot" restarts at when none is chosen; null: the start script. */
  returnScript: ScriptCode.nullable(),
  /** Script run on every transfer to operators (where automatic distribution is switched on); null: none. */
  transferScript: ScriptCode.nullable(),
});
export type Bot = z.infer<typeof Bot>;

export const BotList = z.object({
  /** Every bot of the business, oldest first. */
  bots: z.array(Bot),
});
export type BotList = z.infer<typeof BotList>;

/** The answer of create, update and import. */
export const BotResponse = z.object({ bot: Bot });
export type BotResponse = z.infer<typeof BotResponse>;

export const CreateBotBody = z.strictObject({
  /** Display name (trimmed, 1-100 characters). */
  name: BotName,
});
export type CreateBotBody = z.infer<typeof CreateBotBody>;

/** Only the fields sent change. */
export const UpdateBotBody = z.strictObject({
  /** New display name. */
  name: BotName.optional(),
  /** A script code of this bot, or null for none. */
  startScript: ScriptCode.nullable().optional(),
  returnScript: ScriptCode.nullable().optional(),
  transferScript: ScriptCode.nullable().optional(),
});
export type UpdateBotBody = z.infer<typeof UpdateBotBody>;
