import type { QuickReply as QuickReplyDto } from '../../contracts/quick-replies';
import type { QuickReply } from '../storage/schema';

export function presentQuickReply(q: QuickReply): QuickReplyDto {
  return { id: q.id, shortcut: q.shortcut, text: q.text, createdAt: q.created_at, updatedAt: q.updated_at };
}
