import type { Message as MessageDto } from '../../contracts/inbox';
import { attachmentsOfMessages } from '../attachments/index';
import type { Executor } from '../storage/db';
import type { Message } from '../storage/schema';
import { presentMessage } from './leads.presenter';
import { userNames } from '../accounts/index';

/** Stored messages as the API shows them, with their operators' names and attachments (one query each for all). */
export async function presentStored(db: Executor, messages: Message[]): Promise<MessageDto[]> {
  const names = await userNames(
    db,
    messages.flatMap((m) => (m.author_user_id ? [m.author_user_id] : [])),
  );
  const files = await attachmentsOfMessages(
    db,
    messages.map((m) => m.id),
  );
  return messages.map((m) => presentMessage(m, m.author_user_id ? (names.get(m.author_user_id) ?? null) : null, files.get(m.id)));
}
