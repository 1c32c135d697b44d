// The satisfaction survey (CSAT): a lead whose dialog an operator closed is asked to rate it, in its
// own channel; its next message, if a rating, is stored on the dialog (and the one after, with
// askComment, as the comment). The survey's state is on the dialog (csat_awaiting, csat_until), so a
// restart loses nothing. Decisions are in csat.rules.ts.
import { readBusinessSettings } from '../accounts/index';
import { queueDelivery } from '../channels/index';
import { insertMessage, presentMessage, previewOf, rowFor, setDelivery, updateLead } from '../leads/index';
import { event, type PendingEvent } from '../realtime/index';
import type { Tx } from '../storage/db';
import type { Lead } from '../storage/schema';
import { freshView } from './conversation';
import { getDialog } from './dialogs.repo';
import { endCsatWait, rateIfUnrated, setCsatAwaiting, setRatingComment } from './csat.repo';
import { COMMENT_WINDOW_MS, RATING_WINDOW_MS, questionMessage, readAnswer, surveyLanguage, type SurveyAnswer } from './csat.rules';

/** After an operator closed the dialog: with the survey on, the lead is sent the question and the dialog awaits the rating. */
export async function askForRating(tx: Tx, lead: Lead, dialogId: number, now: number): Promise<PendingEvent[]> {
  const { csat } = await readBusinessSettings(tx, lead.business_id);
  if (!csat.enabled) return [];
  const row = await rowFor(tx, lead);
  const question = questionMessage(csat, lead.language, row.channelKind);
  await setCsatAwaiting(tx, dialogId, 'rating', now + RATING_WINDOW_MS);
  return [(await sendSurveyMessage(tx, lead, question, now)).event];
}

/**
 * The bot says something else to a lead whose closed dialog awaits its survey answer (a trigger, a
 * scheduled script): another flow started, so the lead's next "5" answers the bot, not the survey.
 */
export async function endSurveyWait(tx: Tx, lead: Lead): Promise<void> {
  if (lead.state === 'closed' && lead.current_dialog_id !== null) await endCsatWait(tx, lead.current_dialog_id);
}

/**
 * What the lead's message (not a repeat) is to the survey of its closed dialog. A message that is no
 * answer ends the wait, so the next "5" is an ordinary message again.
 */
export async function readSurveyAnswer(tx: Tx, lead: Lead, m: { text: string; hasFiles: boolean; now: number }): Promise<SurveyAnswer> {
  if (lead.state !== 'closed' || lead.current_dialog_id === null) return { kind: 'none', endWait: false };
  const dialog = await getDialog(tx, lead.current_dialog_id);
  const answer = readAnswer({ state: dialog.csat_awaiting, until: dialog.csat_until }, m);
  if (answer.kind === 'none' && answer.endWait) await setCsatAwaiting(tx, dialog.id, null, null);
  return answer;
}

/**
 * Stores the lead's answer on its closed dialog (the first rating wins) and sends the next step: the
 * request for a comment (with askComment) or the thanks. Returns the lead after the sent message and
 * the events: the message, and `dialog.rated`.
 */
export async function recordSurveyAnswer(
  tx: Tx,
  lead: Lead,
  answer: Extract<SurveyAnswer, { kind: 'rating' | 'comment' }>,
  now: number,
): Promise<{ lead: Lead; events: PendingEvent[] }> {
  const dialogId = lead.current_dialog_id!;
  const { csat } = await readBusinessSettings(tx, lead.business_id);
  const lang = surveyLanguage(lead.language);
  let score: number;
  let comment: string | null = null;
  let reply: string;
  if (answer.kind === 'rating') {
    const next = csat.askComment ? { awaiting: 'comment' as const, until: now + COMMENT_WINDOW_MS } : { awaiting: null, until: null };
    const rated = await rateIfUnrated(tx, dialogId, { score: answer.score, now, next });
    if (!rated) return { lead, events: [] };
    score = answer.score;
    reply = csat.askComment ? csat.commentQuestion[lang] : csat.thanks[lang];
  } else {
    const dialog = await getDialog(tx, dialogId);
    if (dialog.rating === null) return { lead, events: [] };
    await setRatingComment(tx, dialogId, answer.comment);
    score = dialog.rating;
    comment = answer.comment;
    reply = csat.thanks[lang];
  }
  const sent = await sendSurveyMessage(tx, lead, { text: reply, payload: null }, now);
  const view = await freshView(tx, lead.id, dialogId);
  return { lead: sent.lead, events: [sent.event, event('dialog.rated', { row: view.row, dialog: view.dialog, rating: score, comment })] };
}

/** A survey message to the lead, as the bot's (so each channel shows its buttons as it shows a bot menu's), queued for its messenger. */
async function sendSurveyMessage(tx: Tx, lead: Lead, m: { text: string; payload: Record<string, unknown> | null }, now: number) {
  const stored = await insertMessage(tx, {
    business_id: lead.business_id,
    lead_id: lead.id,
    dialog_id: null,
    author: 'bot',
    author_user_id: null,
    text: m.text,
    payload: m.payload ? JSON.stringify(m.payload) : null,
    delivery: 'none',
    created_at: now,
  });
  const delivery = await queueDelivery(tx, lead, stored, null, now, [], m.payload);
  const message = delivery === 'none' ? stored : await setDelivery(tx, stored.id, delivery);
  const updated = await updateLead(tx, lead.id, {
    last_message_at: now,
    last_message_preview: previewOf(m.text),
    last_message_author: 'bot',
    last_activity_at: now,
  });
  return { lead: updated, event: event('message.created', { message: presentMessage(message, null, [], m.payload), row: await rowFor(tx, updated) }) };
}
