import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../errors';
import type { Message } from '../storage/schema';
import { messagePayload } from './messages.repo';

// A clientMessageId is the sender's retry key. A retry carries the same content, so it gets the
// first answer; other content under a used key is a sender's bug, and dropping it silently would
// lose a message, so it is refused.

/** What a request under a retry key wrote: compared field by field with the stored first message. */
export interface KeyedContent {
  author: Message['author'];
  /** The user who wrote it (null: the lead, a bot or an API token). */
  authorUserId: number | null;
  internal: boolean;
  text: string;
  /** Free-form payload (inbound messages); compared as JSON values, so key order does not matter. */
  payload?: unknown;
  /** Attachment ids (operator messages), compared as a set. */
  attachmentIds?: number[] | undefined;
}

/**
 * True when `incoming` is a retry of the stored `first` message: same author, kind and content.
 * `firstPayload` is first's stored payload, parsed; a caller that already holds it passes it.
 */
export function isSameContent(
  first: Message,
  incoming: KeyedContent,
  firstAttachmentIds: number[] = [],
  firstPayload: Record<string, unknown> | null = messagePayload(first),
): boolean {
  return (
    first.author === incoming.author &&
    (first.author_user_id ?? null) === incoming.authorUserId &&
    (first.internal === 1) === incoming.internal &&
    first.text === incoming.text &&
    isDeepStrictEqual(firstPayload, incoming.payload ?? null) &&
    isDeepStrictEqual(
      [...firstAttachmentIds].sort((a, b) => a - b),
      [...(incoming.attachmentIds ?? [])].sort((a, b) => a - b),
    )
  );
}

/** The 409 for a retry key already used for other content. */
export function idempotencyConflict(clientMessageId: string): AppError {
  return new AppError(
    'idempotency_conflict',
    `clientMessageId "${clientMessageId}" was already used for another message of this lead; send new content with a new clientMessageId`,
    undefined,
    { clientMessageId },
  );
}
