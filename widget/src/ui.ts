// The widget's view: a launcher and a chat panel in a shadow root, drawn with plain DOM calls (no
// innerHTML, so sites with Trusted Types keep working). Messages are drawn once and kept by key; a
// message is redrawn only when the store hands a new object for it.
import type { LIMITS } from '@contracts/limits';
import type { WidgetAttachment } from '@contracts/widget';
import type { Chat } from './chat';
import { inkOn, normalizeColor, textOn } from './color';
import { acceptList, checkFile, formatSize } from './files';
import { fill, TEXTS, type Lang } from './i18n';
import type { Item } from './store';
import { CSS } from './styles';
import { dayKey, dayStarts, formatDay, formatTime } from './time';

const MAX_FILES: (typeof LIMITS)['attachmentsPerMessage'] = 10;
/** Closer to the bottom than this: new messages scroll the log down. */
const NEAR_BOTTOM_PX = 48;
/** The others' bubbles (--md-theirs in styles.ts): the darkest background links and rings are drawn on. */
const THEIRS_BG = '#eef0f3';

const ICONS = {
  chat: 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2z',
  close: 'M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z',
  attach: 'M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z',
  send: 'M2.01 21 23 12 2.01 3 2 10l15 2-15 2z',
};

type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) if (value != null && value !== false) el.setAttribute(name, value === true ? '' : String(value));
  for (const c of children) if (c || c === '') el.append(c);
  return el;
}

function icon(d: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

/** A text with its http(s) links made clickable. */
function linkify(text: string): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
    const url = m[0].replace(/[.,;:!?)\]}»]+$/, '');
    out.push(text.slice(last, m.index), link(url, url));
    last = m.index + url.length;
  }
  out.push(text.slice(last));
  return out;
}

function link(href: string, ...children: Child[]): HTMLAnchorElement {
  return h('a', { href: safeUrl(href), target: '_blank', rel: 'noopener noreferrer' }, ...children);
}

/** Only web links are followed (a javascript: URL from a bot would run on the site). */
function safeUrl(url: string): string {
  try {
    const u = new URL(url, location.href);
    return u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'blob:' ? u.href : '#';
  } catch {
    return '#';
  }
}

/** Styles from a constructed stylesheet (allowed by strict CSP), else a <style> with the script's nonce. */
function adoptStyles(root: ShadowRoot, css: string, nonce: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = h('style', nonce ? { nonce } : null, css);
    root.prepend(style);
  }
}

export interface View {
  /** Opens the panel; `focus`: move focus into it (not when it opens by itself on load). */
  open(focus: boolean): void;
  close(): void;
}

export function createView(chat: Chat, lang: Lang, nonce: string): View {
  const t = TEXTS[lang];
  const host = document.createElement('metadesk-widget');
  const hostStyle: [string, string][] = [
    ['all', 'initial'],
    ['position', 'fixed'],
    ['z-index', '2147483000'],
    ['right', '0'],
    ['bottom', '0'],
    ['width', '0'],
    ['height', '0'],
  ];
  for (const [name, value] of hostStyle) host.style.setProperty(name, value, 'important');
  const shadow = host.attachShadow({ mode: 'open' });
  adoptStyles(shadow, CSS, nonce);

  const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
  const launcher = h('button', { type: 'button', class: 'launcher', 'aria-label': t.openChat }, icon(ICONS.chat), badge);
  const title = h('h2', { class: 'title' });
  const closeButton = h('button', { type: 'button', class: 'icon-button', 'aria-label': t.closeChat }, icon(ICONS.close));
  const notice = h('div', { class: 'notice', role: 'status' });
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t.conversation, tabindex: 0 });
  const typing = h('div', { class: 'typing', role: 'status' });
  const error = h('div', { class: 'notice error', role: 'alert', hidden: true });
  const fileInput = h('input', { type: 'file', multiple: true, hidden: true, tabindex: -1, 'aria-hidden': 'true' });
  const attach = h('button', { type: 'button', class: 'icon-button', 'aria-label': t.attach }, icon(ICONS.attach));
  const textarea = h('textarea', { rows: 1, 'aria-label': t.message, placeholder: t.placeholder, autocomplete: 'off' });
  const sendButton = h('button', { type: 'submit', class: 'icon-button send', 'aria-label': t.send }, icon(ICONS.send));
  const composer = h('form', { class: 'composer' }, attach, fileInput, textarea, sendButton);
  const panel = h(
    'section',
    { class: 'panel', role: 'dialog', id: 'md-panel', hidden: true },
    h('div', { class: 'header' }, title, closeButton),
    notice,
    log,
    typing,
    error,
    composer,
  );
  const root = h('div', { class: 'root', lang }, panel, launcher);
  launcher.setAttribute('aria-controls', 'md-panel');
  launcher.setAttribute('aria-expanded', 'false');
  shadow.append(root);

  let isOpen = false;
  let unread = 0;
  let stick = true;
  let greeting: HTMLElement | null = null;
  let rows = new Map<string, { ref: object; el: HTMLElement }>();
  let days = new Map<string, HTMLElement>();

  // --- drawing ---

  function appearance() {
    const a = chat.session!.appearance;
    const accent = normalizeColor(a.color);
    root.style.setProperty('--md-accent', accent);
    root.style.setProperty('--md-on-accent', textOn(accent));
    root.style.setProperty('--md-ink', inkOn(accent, THEIRS_BG));
    const name = a.title ?? t.title;
    title.textContent = name;
    panel.setAttribute('aria-label', name);
    greeting = a.greeting ? h('div', { class: 'msg theirs' }, h('div', { class: 'bubble' }, h('p', { class: 'text' }, ...linkify(a.greeting)))) : null;
    const limits = chat.session!.limits;
    textarea.maxLength = limits.messageText;
    fileInput.accept = acceptList(limits.attachmentMimes);
    // Layout and times may have changed: everything is drawn again.
    rows = new Map();
    days = new Map();
    log.replaceChildren();
    drawLog(true);
    drawTyping();
    drawNotice();
  }

  function attachment(a: WidgetAttachment): HTMLElement {
    switch (a.kind) {
      case 'image': {
        const img = h('img', { src: a.url, alt: a.name, loading: 'lazy' });
        img.onload = keepAtBottom;
        return link(a.url, img);
      }
      case 'audio':
        return h('audio', { src: safeUrl(a.url), controls: true, preload: 'metadata', 'aria-label': a.name });
      case 'video':
        return h('video', { src: safeUrl(a.url), controls: true, preload: 'metadata', playsinline: true, 'aria-label': a.name });
      case 'file':
        return link(a.url, `${a.name} (${formatSize(a.size, lang)})`);
    }
  }

  function drawItem(item: Item): HTMLElement {
    const m = item.message;
    const p = item.pending;
    const mine = !m || m.author === 'lead';
    const bubble = h('div', { class: 'bubble' });
    const text = item.message ? item.message.text : item.pending.text;
    if (text) bubble.append(h('p', { class: 'text' }, ...linkify(text)));
    if (m?.image) {
      const img = h('img', { src: m.image, alt: t.image, loading: 'lazy' });
      img.onload = keepAtBottom;
      bubble.append(link(m.image, img));
    }
    if (m?.file) bubble.append(link(m.file.url, m.file.name ?? t.file));
    for (const a of m?.attachments ?? []) bubble.append(attachment(a));
    for (const u of p?.uploads ?? []) bubble.append(h('span', null, `${u.name} (${formatSize(u.size, lang)})`));
    const row = h(
      'div',
      { class: `msg ${mine ? 'mine' : 'theirs'}${p ? ` ${p.status}` : ''}` },
      m?.author === 'operator' && m.authorName && h('div', { class: 'author' }, m.authorName),
      bubble,
    );
    if (m?.author === 'bot' && m.buttons?.length) {
      const box = h('div', { class: `buttons ${chat.session!.appearance.buttonLayout}` });
      for (const b of m.buttons) {
        const button = h('button', { type: 'button', class: 'choice' }, b.label);
        button.onclick = () => sendText(b.label);
        box.append(button);
      }
      row.append(box);
    }
    if (p?.status === 'failed') {
      const retry = h('button', { type: 'button', class: 'retry' }, t.notSent);
      retry.onclick = () => {
        chat.retry(p.clientMessageId);
        textarea.focus();
      };
      row.append(h('div', { class: 'meta' }, retry));
    } else if (p) row.append(h('div', { class: 'meta' }, t.sending));
    else if (m && chat.session!.appearance.showTimes) {
      row.append(h('div', { class: 'meta' }, h('time', { datetime: new Date(m.createdAt).toISOString() }, formatTime(m.createdAt, lang))));
    }
    return row;
  }

  function drawLog(toBottom = false) {
    const items = chat.store.items();
    const timeOf = (i: Item) => (i.message ? i.message.createdAt : i.pending.createdAt);
    const starts = chat.session!.appearance.showTimes ? dayStarts(items.map(timeOf)) : [];
    const wanted: HTMLElement[] = greeting ? [greeting] : [];
    const nextRows = new Map<string, { ref: object; el: HTMLElement }>();
    const nextDays = new Map<string, HTMLElement>();
    const now = Date.now();
    items.forEach((item, i) => {
      if (starts[i]) {
        const key = dayKey(timeOf(item));
        const day = days.get(key) ?? h('div', { class: 'day' });
        day.textContent = formatDay(timeOf(item), now, lang);
        nextDays.set(key, day);
        wanted.push(day);
      }
      const ref = item.message ?? item.pending;
      let row = rows.get(item.key);
      if (row?.ref !== ref) row = { ref, el: drawItem(item) };
      nextRows.set(item.key, row);
      wanted.push(row.el);
    });
    rows = nextRows;
    days = nextDays;
    const atBottom = stick;
    wanted.forEach((el, i) => {
      const current = log.children[i];
      if (current !== el) log.insertBefore(el, current ?? null);
    });
    while (log.children.length > wanted.length) log.lastElementChild!.remove();
    if (toBottom || atBottom) scrollDown();
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
    stick = true;
  }

  function keepAtBottom() {
    if (stick) log.scrollTop = log.scrollHeight;
  }

  function drawTyping() {
    typing.hidden = chat.typing === undefined;
    typing.textContent = chat.typing === undefined ? '' : chat.typing ? fill(t.typing, { name: chat.typing }) : t.typingAnonymous;
    keepAtBottom();
  }

  function drawNotice() {
    notice.hidden = chat.connection !== 'lost';
    notice.textContent = chat.connection === 'lost' ? t.reconnecting : '';
  }

  function drawBadge() {
    badge.hidden = unread === 0;
    badge.textContent = unread > 99 ? '99+' : String(unread);
  }

  function showError(texts: string[]) {
    error.hidden = texts.length === 0;
    error.textContent = texts.join(' ');
  }

  // --- actions ---

  function sendText(text: string) {
    showError([]);
    stick = true;
    chat.send(text);
  }

  function submit() {
    const text = textarea.value.trim();
    if (!text) return;
    textarea.value = '';
    autosize();
    sendText(text);
  }

  function autosize() {
    textarea.style.height = 'auto';
    textarea.style.height = `${Math.min(textarea.scrollHeight + 2, 140)}px`;
  }

  function pickFiles() {
    const files = [...(fileInput.files ?? [])];
    fileInput.value = '';
    if (!files.length) return;
    const limits = chat.session!.limits;
    const problems: string[] = [];
    const ok: File[] = [];
    for (const file of files) {
      const check = checkFile(file, limits);
      if (!check.ok) problems.push(fill(t[check.problem], { name: file.name, max: formatSize(limits.attachmentBytes, lang) }));
      else ok.push(check.mime === file.type ? file : new File([file], file.name, { type: check.mime, lastModified: file.lastModified }));
    }
    if (ok.length > MAX_FILES) problems.push(fill(t.tooMany, { max: MAX_FILES }));
    showError(problems);
    if (ok.length) {
      stick = true;
      chat.send('', ok.slice(0, MAX_FILES));
    }
    textarea.focus();
  }

  function open(focus: boolean) {
    if (!isOpen) {
      isOpen = true;
      panel.hidden = false;
      launcher.hidden = true;
      launcher.setAttribute('aria-expanded', 'true');
      unread = 0;
      drawBadge();
      scrollDown();
    }
    if (focus) textarea.focus();
  }

  function close() {
    if (!isOpen) return;
    const hadFocus = shadow.activeElement !== null;
    isOpen = false;
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    if (hadFocus) launcher.focus();
  }

  launcher.onclick = () => open(true);
  closeButton.onclick = () => close();
  attach.onclick = () => fileInput.click();
  fileInput.onchange = pickFiles;
  composer.onsubmit = (e) => {
    e.preventDefault();
    submit();
  };
  textarea.oninput = autosize;
  textarea.onkeydown = (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  };
  panel.onkeydown = (e) => {
    if (e.key === 'Escape' && !e.isComposing) {
      e.stopPropagation();
      close();
    }
  };
  log.onscroll = () => {
    stick = log.scrollHeight - log.scrollTop - log.clientHeight < NEAR_BOTTOM_PX;
  };

  chat.subscribe((e) => {
    switch (e.type) {
      case 'ready':
        appearance();
        break;
      case 'messages':
        drawLog();
        if (!isOpen && e.fresh.length) {
          unread += e.fresh.length;
          drawBadge();
        }
        break;
      case 'typing':
        drawTyping();
        break;
      case 'connection':
        drawNotice();
        break;
      case 'fatal':
        host.remove();
        break;
    }
  });

  document.body.append(host);
  appearance();
  return { open, close };
}
