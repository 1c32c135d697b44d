import type { BotConsole } from '../../contracts/bot-console';
import type { Actor } from '../shared/actor';
import type { AppContext } from '../context';
import { forbidden } from '../errors';
import { presentScriptLog, scriptableBot } from '../bots/index';
import { receiveLeadMessage } from '../dialogs/index';
import { presentStored } from '../leads/index';
import { commit } from '../realtime/index';
import type { Executor } from '../storage/db';
import { deleteTestLead, findConsoleChannel, findTestLead, insertConsoleChannel, readTestLead } from './console.repo';

// The bots screen's test console: the signed-in user talks to the bot as a lead. The message takes the
// way of any messenger's (receive → the bot's durable job → the runtime), on the bot's console channel,
// which delivers nothing (the console reads the conversation itself). Each user has one test lead per
// bot; it is never in the operators' panel, and a transfer to operators is only logged (no dialog).

type Deps = Pick<AppContext, 'db' | 'clock' | 'bus'>;

/** The messenger id of the user's test lead. */
const testLeadId = (userId: number) => `console:${userId}`;

function userOf(actor: Actor): number {
  if (actor.kind !== 'user') throw forbidden('The test console is for people signed in');
  return actor.userId;
}

/** The user writes to the bot as its test lead (made, with the bot's console channel, on first use). */
export async function sendConsoleMessage(deps: Deps, input: { actor: Actor; botId: number; text: string }): Promise<{ leadId: number }> {
  const userId = userOf(input.actor);
  const now = deps.clock();
  const { result } = await commit(deps, input.actor.businessId, async (tx) => {
    // The bot's row is held until commit: two first messages make one console channel.
    const bot = await scriptableBot(tx, input.actor, input.botId, { lock: true });
    const channel = (await findConsoleChannel(tx, bot.business_id, bot.id)) ?? (await insertConsoleChannel(tx, bot.business_id, bot.id, now));
    const received = await receiveLeadMessage(tx, {
      channel,
      messengerId: testLeadId(userId),
      defaultName: input.actor.kind === 'user' ? input.actor.name : undefined,
      text: input.text,
      now,
    });
    // Nothing for the operators' workspaces: the test lead is nobody's work.
    return { result: { leadId: received.result.leadId }, events: [] };
  });
  return result;
}

/** What the console shows: the test lead's conversation, scenario, attributes, tags and log lines. */
export async function readConsole(db: Executor, input: { actor: Actor; botId: number }): Promise<BotConsole> {
  const userId = userOf(input.actor);
  const bot = await scriptableBot(db, input.actor, input.botId);
  const channel = await findConsoleChannel(db, bot.business_id, bot.id);
  const lead = channel && (await findTestLead(db, channel.id, testLeadId(userId)));
  if (!lead) return { leadId: null, messages: [], scenario: null, attributes: {}, tags: [], logs: [], busy: false };
  const s = await readTestLead(db, lead);
  return {
    leadId: lead.id,
    messages: await presentStored(db, s.messages),
    scenario: s.scenario ? { script: s.scenario.script, step: s.scenario.step, awaiting: s.scenario.awaiting !== null } : null,
    attributes: s.attributes,
    tags: s.tags,
    logs: s.logs.map(presentScriptLog),
    busy: s.busy,
  };
}

/** Starts over: the user's test lead is forgotten (history, attributes, tags, scenario, log lines). */
export async function resetConsole(deps: Deps, input: { actor: Actor; botId: number }): Promise<void> {
  const userId = userOf(input.actor);
  await commit(deps, input.actor.businessId, async (tx) => {
    const bot = await scriptableBot(tx, input.actor, input.botId, { lock: true });
    const channel = await findConsoleChannel(tx, bot.business_id, bot.id);
    const lead = channel && (await findTestLead(tx, channel.id, testLeadId(userId)));
    if (lead) await deleteTestLead(tx, lead.id);
    return { result: undefined, events: [] };
  });
}
