// The widget's texts in its two languages: one small dictionary, no library.

export type Lang = 'ru' | 'en';

const en = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  title: 'Chat with us',
  message: 'Message',
  placeholder: 'Write a message…',
  attach: 'Attach a file',
  send: 'Send',
  conversation: 'Conversation',
  sending: 'Sending…',
  notSent: 'Not sent — tap to retry',
  typing: '{name} is typing…',
  typingAnonymous: 'typing…',
  reconnecting: 'Connection lost. Reconnecting…',
  image: 'Image',
  file: 'File',
  tooBig: '“{name}” is too large: files up to {max} can be sent.',
  badType: '“{name}” cannot be sent: this type of file is not accepted.',
  tooMany: 'At most {max} files can be sent at once.',
};
export type Texts = typeof en;

const ru: Texts = {
  openChat: 'Открыть чат',
  closeChat: 'Закрыть чат',
  title: 'Напишите нам',
  message: 'Сообщение',
  placeholder: 'Напишите сообщение…',
  attach: 'Прикрепить файл',
  send: 'Отправить',
  conversation: 'Переписка',
  sending: 'Отправляется…',
  notSent: 'Не отправлено — нажмите, чтобы повторить',
  typing: '{name} печатает…',
  typingAnonymous: 'печатает…',
  reconnecting: 'Нет связи. Переподключаемся…',
  image: 'Изображение',
  file: 'Файл',
  tooBig: '«{name}» слишком большой: можно отправлять файлы до {max}.',
  badType: '«{name}» нельзя отправить: такой тип файла не принимается.',
  tooMany: 'За один раз можно отправить не больше {max} файлов.',
};

export const TEXTS: Record<Lang, Texts> = { en, ru };

/** The widget's language: `data-lang` when it is ru or en, else the browser's (ru* → ru, anything else → en). */
export function pickLang(attr: string | null | undefined, browser: string | null | undefined): Lang {
  const a = attr?.trim().toLowerCase();
  if (a === 'ru' || a === 'en') return a;
  return browser?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

/** Puts params into a text's {placeholders}. */
export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}
