import type { HandledBy } from '../../contracts/api-channel';
import type { InboxRow, Message as MessageDto } from '../../contracts/inbox';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import type { Channel } from '../storage/schema';

// What a messenger's way in hands a lead's message to. The dialogs module receives it
// (dialogs/receive-lead-message.ts); the composition root wires the two, so channels never import
// the domain they feed.

export interface IncomingMessage {
  channel: Pick<Channel, 'id' | 'business_id' | 'bot_id'>;
  /** The lead's id in the messenger (chat id, visitor id, external CRM id). */
  messengerId: string;
  /** Display name; updates the lead's name when given. */
  name?: string | undefined;
  /** The name of a lead created by this message, when the messenger tells none (a widget visitor). */
  defaultName?: string | undefined;
  language?: string | undefined;
  /** The sender's id for this message: a repeat is acknowledged and not stored twice. */
  clientMessageId?: string | undefined;
  text: string;
  payload?: Record<string, unknown> | undefined;
  /** Files the lead sent, already in blob storage (checked for type and size): attached to the message. */
  files?: IncomingFile[] | undefined;
  /** Files the lead uploaded before (a widget visitor's), by attachment id: linked to the message. */
  attachmentIds?: number[] | undefined;
  /** Attributes the messenger tells about the lead (a shared phone as sys_phone, a deep-link payload): set with the message, firing triggers. */
  attributes?: Record<string, string> | undefined;
  now: number;
}

/** A file a lead sent, stored under `storageKey` before the message's transaction. */
export interface IncomingFile {
  storageKey: string;
  name: string;
  mime: string;
  size: number;
}

export interface Received {
  leadId: number;
  message: MessageDto;
  row: InboxRow;
  duplicate: boolean;
  /** Who should answer: the bot (its scenario) or the contact center (operators, or the queue). */
  handledBy: HandledBy;
}

/** Stores a lead's message and routes it to the bot or the operators, in the caller's transaction. */
export type ReceiveLeadMessage = (tx: Tx, m: IncomingMessage) => Promise<Outcome<Received>>;
