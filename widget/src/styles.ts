// The widget's stylesheet, inside its shadow root: the site's CSS does not reach in, ours does not
// leak out. Colours from the channel's settings come in as custom properties on .root.

export const CSS = `
.root {
  --md-accent: #2f6fed;
  --md-on-accent: #fff;
  --md-ink: #2f6fed;
  --md-text: #1b1f24;
  --md-muted: #59616b;
  --md-line: #d9dde3;
  --md-theirs: #eef0f3;
  font: 15px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  color: var(--md-text);
  -webkit-text-size-adjust: 100%;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button { font: inherit; color: inherit; cursor: pointer; margin: 0; }
:focus { outline: none; }
:focus-visible { outline: 3px solid var(--md-ink); outline-offset: 2px; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
svg { width: 24px; height: 24px; fill: currentColor; flex: none; }

.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 1;
  width: 60px; height: 60px; border: 0; border-radius: 50%; padding: 0;
  display: flex; align-items: center; justify-content: center;
  background: var(--md-accent); color: var(--md-on-accent);
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25);
}
.launcher svg { width: 28px; height: 28px; }
.launcher:focus-visible { outline-color: var(--md-ink); box-shadow: 0 0 0 3px #fff, 0 4px 14px rgba(0, 0, 0, 0.25); }
.badge {
  position: absolute; top: -2px; right: -2px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; background: #c5221f; color: #fff; border: 2px solid #fff;
  font-size: 12px; font-weight: 700; line-height: 18px; text-align: center;
}

.panel {
  position: fixed; right: 16px; bottom: 16px; z-index: 2;
  width: 370px; height: 560px; max-height: calc(100vh - 32px); max-height: calc(100dvh - 32px);
  display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border-radius: 14px;
  box-shadow: 0 10px 40px rgba(0, 0, 0, 0.25), 0 0 0 1px rgba(0, 0, 0, 0.06);
}
@media (max-width: 479.98px) {
  .panel { inset: 0; width: 100%; height: 100vh; height: 100dvh; max-height: none; border-radius: 0; }
}
@media (prefers-reduced-motion: no-preference) {
  .panel { animation: md-in 0.18s ease-out; }
}
@keyframes md-in { from { opacity: 0; transform: translateY(12px); } }

.header {
  display: flex; align-items: center; gap: 8px; padding: 12px 8px 12px 16px;
  background: var(--md-accent); color: var(--md-on-accent);
}
.title { flex: 1; margin: 0; font-size: 16px; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.icon-button {
  width: 40px; height: 40px; border: 0; border-radius: 50%; padding: 0; background: transparent;
  display: flex; align-items: center; justify-content: center;
}
.header .icon-button:focus-visible { outline-color: var(--md-on-accent); outline-offset: -3px; }
.icon-button:hover { background: rgba(127, 127, 127, 0.18); }

.notice { padding: 6px 16px; background: #fff4e5; color: #663c00; font-size: 13px; }
.notice.error { background: #fdecea; color: #8a1c1c; }

.log { flex: 1; overflow-y: auto; overscroll-behavior: contain; padding: 12px 12px 4px; display: flex; flex-direction: column; gap: 6px; }
.log:focus-visible { outline-offset: -3px; }
.day { align-self: center; margin: 8px 0 2px; color: var(--md-muted); font-size: 12px; }
.msg { display: flex; flex-direction: column; align-items: flex-start; max-width: 85%; }
.msg.mine { align-self: flex-end; align-items: flex-end; }
.author { margin: 0 0 2px 10px; color: var(--md-muted); font-size: 12px; font-weight: 600; }
.bubble {
  max-width: 100%; padding: 8px 12px; border-radius: 16px 16px 16px 4px;
  background: var(--md-theirs); overflow-wrap: anywhere; display: flex; flex-direction: column; gap: 6px;
}
.mine .bubble { border-radius: 16px 16px 4px 16px; background: var(--md-accent); color: var(--md-on-accent); }
.failed .bubble { box-shadow: 0 0 0 2px #b3261e; }
.text { margin: 0; white-space: pre-wrap; }
.bubble a { color: var(--md-ink); }
.mine .bubble a { color: inherit; }
.bubble img { display: block; max-width: 100%; max-height: 240px; border-radius: 8px; }
.bubble video { display: block; max-width: 100%; max-height: 240px; border-radius: 8px; }
.bubble audio { max-width: 100%; }
.meta { margin: 2px 8px 0; color: var(--md-muted); font-size: 12px; }
.retry { padding: 2px 4px; border: 0; background: none; color: #b3261e; font-size: 12px; text-decoration: underline; }
.buttons { display: flex; flex-direction: column; gap: 6px; margin-top: 6px; width: 100%; }
.buttons.row { flex-direction: row; flex-wrap: wrap; }
.choice {
  padding: 7px 14px; border: 1px solid var(--md-ink); border-radius: 18px;
  background: #fff; color: var(--md-ink); text-align: center;
}
.buttons:not(.row) .choice { width: 100%; }
.choice:hover { background: var(--md-theirs); }
.typing { padding: 2px 16px 4px; color: var(--md-muted); font-size: 13px; min-height: 1.4em; }

.composer { display: flex; align-items: flex-end; gap: 4px; padding: 8px; border-top: 1px solid var(--md-line); }
.composer .icon-button { color: var(--md-muted); flex: none; }
.composer .send { color: var(--md-ink); }
textarea {
  flex: 1; min-width: 0; min-height: 40px; max-height: 140px; margin: 0; padding: 9px 12px; resize: none;
  border: 1px solid var(--md-line); border-radius: 20px; background: #fff; color: var(--md-text);
  font: inherit; font-size: 16px; line-height: 20px;
}
textarea::placeholder { color: var(--md-muted); opacity: 1; }
textarea:focus-visible { outline-offset: 0; border-color: var(--md-ink); }
@media (forced-colors: active) {
  .launcher, .bubble, .choice, textarea, .panel { border: 1px solid CanvasText; }
}
`;
