// A message as a widget visitor sees it. Pure: the signer of attachment links is handed in.
import type { Message } from '../../../contracts/inbox';
import { BotPayload } from '../../../contracts/message-payloads';
import type { WidgetMessage } from '../../../contracts/widget';

/** Whether the visitor sees this message at all: its own, the bot's and operators' words; never notes or system lines. */
export function visibleToVisitor(m: Pick<Message, 'author' | 'internal'>): boolean {
  return !m.internal && (m.author === 'lead' || m.author === 'bot' || m.author === 'operator');
}

/** The widget's view of a stored message; attachment URLs become signed links (the visitor has no session). */
export function presentForVisitor(m: Message, signedUrl: (attachmentId: number) => string): WidgetMessage {
  const bot = m.author === 'bot' && m.payload ? BotPayload.safeParse(m.payload).data : undefined;
  return {
    id: m.id,
    author: m.author as WidgetMessage['author'],
    authorName: m.author === 'operator' ? m.authorName : null,
    text: m.text,
    buttons: bot?.buttons?.length ? bot.buttons.map((b) => ({ label: b.label })) : null,
    image: bot?.image?.url ?? null,
    file: bot?.file ? { url: bot.file.url, name: bot.file.name } : null,
    attachments: m.attachments.map((a) => ({ id: a.id, name: a.name, mime: a.mime, size: a.size, kind: a.kind, url: signedUrl(a.id) })),
    clientMessageId: m.author === 'lead' ? m.clientMessageId : null,
    createdAt: m.createdAt,
  };
}
