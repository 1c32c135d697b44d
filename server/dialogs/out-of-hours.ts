import type { BusinessSettings } from '../../contracts/business';
import { readBusinessSettings, readHoursInForce, type HoursInForce } from '../accounts/index';
import { queueDelivery } from '../channels/index';
import { getLead, insertMessage, presentMessage, previewOf, rowFor, setDelivery, updateLead } from '../leads/index';
import { event, type PendingEvent } from '../realtime/index';
import type { Tx } from '../storage/db';
import { isWithOperators } from './dialog.machine';
import { lastOutOfHoursReply, noteOutOfHoursReply } from './out-of-hours.repo';

/** Whether a transfer now is outside the working hours of the department (null: the business's), with what to do then. */
export interface HoursCheck {
  closed: boolean;
  settings: BusinessSettings;
  hours: HoursInForce;
  departmentId: number | null;
}

/** Reads the hours in force for a transfer to the department now. */
export async function checkHours(tx: Tx, businessId: number, departmentId: number | null, now: number): Promise<HoursCheck> {
  const [settings, hours] = await Promise.all([readBusinessSettings(tx, businessId), readHoursInForce(tx, businessId)]);
  return { closed: hours.any && !hours.isOpen(departmentId, now), settings, hours, departmentId };
}

/** The out-of-hours reply in the lead's language (`ru-RU` reads `ru`), else the first one set; null: none set. */
export function replyFor(replies: Readonly<Record<string, string>>, language: string | null): string | null {
  const lang = language?.toLowerCase().split(/[-_]/)[0];
  const own = lang ? replies[lang]?.trim() : undefined;
  if (own) return own;
  return (
    Object.values(replies)
      .find((t) => t.trim() !== '')
      ?.trim() ?? null
  );
}

/**
 * Sends the lead the business's out-of-hours reply, like a bot message through the lead's channel,
 * at most once per closed period: not again until the hours have opened since the last one.
 */
export async function sendOutOfHoursReply(tx: Tx, input: { leadId: number; check: HoursCheck; now: number }): Promise<PendingEvent[]> {
  const { check, now } = input;
  const lead = await getLead(tx, input.leadId);
  const text = replyFor(check.settings.outOfHoursReply, lead.language);
  if (text === null) return [];
  const last = await lastOutOfHoursReply(tx, lead.id);
  if (last !== null && (check.hours.nextChange(check.departmentId, last) ?? Infinity) > now) return [];
  const stored = await insertMessage(tx, {
    business_id: lead.business_id,
    lead_id: lead.id,
    dialog_id: isWithOperators(lead.state) ? lead.current_dialog_id : null,
    author: 'bot',
    author_user_id: null,
    text,
    payload: null,
    delivery: 'none',
    created_at: now,
  });
  const delivery = await queueDelivery(tx, lead, stored, null, now, [], null);
  const message = delivery === 'none' ? stored : await setDelivery(tx, stored.id, delivery);
  const updated = await updateLead(tx, lead.id, {
    last_message_at: now,
    last_message_preview: previewOf(text),
    last_message_author: 'bot',
    last_activity_at: now,
  });
  await noteOutOfHoursReply(tx, lead.id, now);
  return [event('message.created', { message: presentMessage(message, null, [], null), row: await rowFor(tx, updated) })];
}
