import type { Button } from '../../contracts/scripts';

import type { Awaiting, ScriptIndex } from '../bots/index';

export type Route =
  /** The answer to an "ask": validate, save, continue after it. */
  | { kind: 'answer' }
  /** A menu button was chosen: run its script, or continue after the menu with the label as the answer. */
  | { kind: 'button'; button: Button }
  /** An entry point matched: start that script. */
  | { kind: 'script'; script: string; reason: 'command' | 'keyword' | 'start' | 'fallback' }
  /** Nothing to do: no script recognises it and the bot has no fallback. */
  | { kind: 'none' };

const norm = (s: string) => s.trim().toLocaleLowerCase();

/**
 * Decides what a lead's message means to the bot. A command (/start) always wins, so a lead can
 * restart at any time; then the answer the scenario waits for; then keywords; a first contact
 * starts the bot's start script; anything else goes to the fallback script.
 */
export function routeInput(o: { text: string; awaiting: Awaiting | null; scripts: ScriptIndex[]; startScript: string | null; firstContact: boolean }): Route {
  const text = o.text.trim();
  const command = /^\/[A-Za-z0-9_]+/.exec(text)?.[0];
  if (command) {
    const hit = o.scripts.find((s) => s.entries.some((e) => e.type === 'command' && norm(e.value) === norm(command)));
    if (hit) return { kind: 'script', script: hit.code, reason: 'command' };
    if (norm(command) === '/start' && o.startScript) return { kind: 'script', script: o.startScript, reason: 'start' };
  }
  if (o.awaiting?.kind === 'answer') return { kind: 'answer' };
  if (o.awaiting?.kind === 'choice') {
    const buttons = o.awaiting.buttons;
    const byNumber = /^\d{1,2}$/.test(text) ? buttons[Number(text) - 1] : undefined;
    const button = byNumber ?? buttons.find((b) => norm(b.label) === norm(text));
    if (button) return { kind: 'button', button };
  }
  const lowered = norm(text);
  const keyword = o.scripts.find((s) => s.entries.some((e) => e.type === 'keyword' && lowered.includes(norm(e.value))));
  if (keyword) return { kind: 'script', script: keyword.code, reason: 'keyword' };
  if (o.firstContact && o.startScript) return { kind: 'script', script: o.startScript, reason: 'start' };
  const fallback = o.scripts.find((s) => s.type === 'fallback');
  if (fallback) return { kind: 'script', script: fallback.code, reason: 'fallback' };
  return { kind: 'none' };
}
