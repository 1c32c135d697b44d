// The entry of widget.js: <script src="https://<metadesk>/widget.js" data-key="wk_…" async></script>
// finds its own tag, starts the conversation and draws the chat once the session tells how it looks.
// The only global it leaves is window.MetadeskWidget = { open(), close() }.
import { Chat, type TokenStorage } from './chat';
import { pickLang } from './i18n';
import { createView, type View } from './ui';

declare global {
  interface Window {
    MetadeskWidget?: { open(): void; close(): void };
  }
}

function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Not a secure context (http:): the same shape from getRandomValues.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** localStorage, or memory where it is refused (some private modes, blocked third-party storage). */
function tokenStorage(name: string): TokenStorage {
  let memory: string | null = null;
  return {
    get() {
      try {
        return localStorage.getItem(name);
      } catch {
        return memory;
      }
    },
    set(token) {
      memory = token;
      try {
        localStorage.setItem(name, token);
      } catch {
        // Kept in memory only.
      }
    },
    remove() {
      memory = null;
      try {
        localStorage.removeItem(name);
      } catch {
        // Nothing stored.
      }
    },
  };
}

/** The chat once drawn; until then, whether it should open when it is (auto: open without taking focus). */
interface State {
  view: View | null;
  openWanted: 'auto' | 'focus' | '';
}

function start(script: HTMLScriptElement, key: string, state: State): void {
  const lang = pickLang(script.dataset.lang, navigator.language);
  const base = new URL(script.src, location.href).origin;
  const storageKey = `metadesk:widget:${key}`;
  const chat = new Chat({
    base,
    key,
    language: (script.dataset.lang || navigator.language || lang).slice(0, 16),
    fetch: (input, init) => fetch(input, init),
    openSocket(url, on) {
      const ws = new WebSocket(url);
      ws.onopen = () => on.open();
      ws.onmessage = (e) => on.message(String(e.data));
      ws.onclose = (e) => on.close(e.code);
      return ws;
    },
    storage: tokenStorage(storageKey),
    // Web Locks are only in secure contexts (https).
    lock: navigator.locks ? async (fn) => await navigator.locks.request(storageKey, fn) : undefined,
    uuid,
  });

  const unsubscribe = chat.subscribe((e) => {
    if (e.type === 'fatal') {
      console.warn('Metadesk widget: not started:', e.error instanceof Error ? e.error.message : e.error);
      unsubscribe();
    } else if (e.type === 'ready' && !state.view) {
      state.view = createView(chat, lang, script.nonce ?? '');
      if (state.openWanted) state.view.open(state.openWanted === 'focus');
    }
  });

  const wake = () => {
    if (document.visibilityState === 'visible') chat.wake();
  };
  window.addEventListener('online', wake);
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('storage', (e) => {
    if (e.key === storageKey) chat.tokenChanged(e.newValue);
  });
  chat.start();
}

function boot(): void {
  if (window.MetadeskWidget) return;
  const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-key]');
  const key = script?.dataset.key?.trim();
  if (!script || !key) {
    console.warn('Metadesk widget: the script tag needs data-key="wk_…"');
    return;
  }
  const state: State = { view: null, openWanted: script.dataset.open === 'true' ? 'auto' : '' };
  window.MetadeskWidget = {
    open() {
      if (state.view) state.view.open(true);
      else state.openWanted = 'focus';
    },
    close() {
      if (state.view) state.view.close();
      else state.openWanted = '';
    },
  };
  const run = () => start(script, key, state);
  if (document.body) run();
  else document.addEventListener('DOMContentLoaded', run, { once: true });
}

boot();
