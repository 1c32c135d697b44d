import { randomBytes } from 'node:crypto';
import type { Executor } from '../storage/db';
import type { Selectable } from 'kysely';
import type { Channel, Lead, LeadScenariosTable, Message, ScriptLogsTable } from '../storage/schema';

// The test console's reads and its reset, across the tables of a test lead (declared as a read model in
// scripts/check-modules.ts): the bot's console channel, the test lead with its messages, attributes,
// tags, scenario, queued bot jobs and log lines.

const HISTORY = 200;
const LOG_LINES = 100;

/** The bot's console channel (one per bot), if it was used before. */
export function findConsoleChannel(db: Executor, businessId: number, botId: number): Promise<Channel | undefined> {
  return db
    .selectFrom('channels')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('bot_id', '=', botId)
    .where('kind', '=', 'console')
    .orderBy('id')
    .executeTakeFirst();
}

export function insertConsoleChannel(db: Executor, businessId: number, botId: number, now: number): Promise<Channel> {
  return db
    .insertInto('channels')
    .values({
      business_id: businessId,
      bot_id: botId,
      kind: 'console',
      name: 'Test console',
      webhook_url: null,
      // Never used (nothing comes in or goes out through it); random all the same, never a guessable empty one.
      webhook_secret: randomBytes(24).toString('base64url'),
      config: '{}',
      credentials: null,
      public_key: null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findTestLead(db: Executor, channelId: number, messengerId: string): Promise<Lead | undefined> {
  return db.selectFrom('leads').selectAll().where('channel_id', '=', channelId).where('messenger_id', '=', messengerId).executeTakeFirst();
}

export interface TestLeadState {
  messages: Message[];
  scenario: Pick<LeadScenariosTable, 'script' | 'step' | 'awaiting'> | undefined;
  attributes: Record<string, string>;
  tags: string[];
  logs: Selectable<ScriptLogsTable>[];
  busy: boolean;
}

/** What the console shows of the test lead. */
export async function readTestLead(db: Executor, lead: Pick<Lead, 'id' | 'bot_id'>): Promise<TestLeadState> {
  const messages = await db.selectFrom('messages').selectAll().where('lead_id', '=', lead.id).orderBy('id', 'desc').limit(HISTORY).execute();
  const scenario = await db.selectFrom('lead_scenarios').select(['script', 'step', 'awaiting']).where('lead_id', '=', lead.id).executeTakeFirst();
  const attributes = await db.selectFrom('lead_attributes').select(['name', 'value']).where('lead_id', '=', lead.id).orderBy('name').execute();
  const tags = await db.selectFrom('lead_tags').select('tag').where('lead_id', '=', lead.id).orderBy('tag').execute();
  const logs = await db
    .selectFrom('script_logs')
    .selectAll()
    .where('bot_id', '=', lead.bot_id)
    .where('lead_id', '=', lead.id)
    .orderBy('id', 'desc')
    .limit(LOG_LINES)
    .execute();
  const pending = await db.selectFrom('bot_jobs').select('id').where('lead_id', '=', lead.id).where('status', '=', 'pending').limit(1).executeTakeFirst();
  return {
    messages: messages.reverse(),
    scenario,
    attributes: Object.fromEntries(attributes.map((a) => [a.name, a.value])),
    tags: tags.map((t) => t.tag),
    logs,
    busy: pending !== undefined,
  };
}

/** Forgets the test lead: its history, attributes, tags and scenario go with it (cascade), its jobs and log lines too. */
export async function deleteTestLead(tx: Executor, leadId: number): Promise<void> {
  await tx.deleteFrom('bot_jobs').where('lead_id', '=', leadId).execute();
  await tx.deleteFrom('script_logs').where('lead_id', '=', leadId).execute();
  await tx.deleteFrom('leads').where('id', '=', leadId).execute();
}
