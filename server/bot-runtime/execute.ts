import type { Command } from '../../contracts/scripts';
import { renderText } from './macros';
import type { Run } from './run';
import type { BotPayload } from '../../contracts/message-payloads';

/** The commands of a bot's scripts, by code. */
import type { ScriptBook } from '../bots/index';

/** Runs user JavaScript for a run: conditions (expressions) and run_js bodies. */
export interface JsEngine {
  condition(code: string, run: Run): Promise<{ ok: true; value: unknown } | { ok: false; message: string }>;
  script(code: string, run: Run): Promise<{ ok: true } | { ok: false; message: string }>;
}

/** A command failed (user code threw, a script is missing): the bot answers with its fallback script. */
export class ScriptFailure extends Error {}

/** Commands one run may execute: a loop of run_script commands ends here instead of spinning. */
export const COMMAND_BUDGET = 500;

/**
 * Executes commands from a script and step until the scenario pauses (a question, a menu), stops,
 * transfers or runs out of commands. Effects accumulate in the run; nothing is written here.
 */
export async function execute(run: Run, book: ScriptBook, from: { script: string; step: number }, js: JsEngine): Promise<void> {
  let script = from.script;
  let step = from.step;
  for (let budget = COMMAND_BUDGET; ; budget--) {
    const s = book.get(script);
    if (!s) throw new ScriptFailure(`script "${script}" does not exist`);
    run.current = script;
    const cmd = s.commands[step];
    if (!cmd) {
      run.scenario = null;
      return;
    }
    if (budget <= 0) throw new ScriptFailure(`more than ${COMMAND_BUDGET} commands in one run: a run_script loop?`);
    if (cmd.condition) {
      const r = await js.condition(cmd.condition, run);
      if (!r.ok) throw new ScriptFailure(`condition of command ${step + 1} in "${script}": ${r.message}`);
      if (!r.value) {
        step++;
        continue;
      }
    }
    const next = await perform(run, cmd, script, step, js);
    if (next === 'pause' || next === 'end') return;
    if (next === 'next') step++;
    else ({ script, step } = next);
  }
}

type Next = 'next' | 'pause' | 'end' | { script: string; step: number };

async function perform(run: Run, cmd: Command, script: string, step: number, js: JsEngine): Promise<Next> {
  const text = (t: string) => renderText(t, { name: run.lead.name, attrs: run.lead.attrs });
  switch (cmd.type) {
    case 'send_text':
      run.messages.push({ text: text(cmd.text), payload: null });
      return 'next';
    case 'send_image':
      run.messages.push({ text: cmd.caption ? text(cmd.caption) : '', payload: { image: { url: cmd.url } } satisfies BotPayload });
      return 'next';
    case 'send_file':
      run.messages.push({ text: cmd.name ?? cmd.url, payload: { file: { url: cmd.url, name: cmd.name ?? null } } satisfies BotPayload });
      return 'next';
    case 'menu':
      run.messages.push({ text: text(cmd.text), payload: { buttons: cmd.buttons.map((b) => ({ label: b.label })), inline: cmd.inline } satisfies BotPayload });
      run.scenario = { script, step: step + 1, awaiting: { kind: 'choice', buttons: cmd.buttons } };
      return 'pause';
    case 'ask':
      run.messages.push({ text: text(cmd.text), payload: cmd.validate === 'any' ? null : ({ ask: cmd.validate } satisfies BotPayload) });
      run.scenario = {
        script,
        step: step + 1,
        awaiting: { kind: 'answer', attribute: cmd.attribute, validate: cmd.validate, retryText: cmd.retryText ?? null, question: cmd.text },
      };
      return 'pause';
    case 'set_attribute':
      run.setAttr(cmd.name, text(cmd.value));
      return 'next';
    case 'set_status':
      run.setStatus(cmd.status);
      return 'next';
    case 'add_tag':
      run.addTag(cmd.tag);
      return 'next';
    case 'remove_tag':
      run.removeTag(cmd.tag);
      return 'next';
    case 'add_context':
      run.addContext(cmd.context);
      return 'next';
    case 'remove_context':
      run.removeContext(cmd.context);
      return 'next';
    case 'run_script':
      return { script: cmd.script, step: 0 };
    case 'run_js': {
      const r = await js.script(cmd.code, run);
      if (!r.ok) throw new ScriptFailure(`JavaScript of command ${step + 1} in "${script}": ${r.message}`);
      // User code may have transferred the lead or returned it: the scenario ends there.
      if (run.transfer || run.returnToBot) {
        run.scenario = null;
        return 'end';
      }
      return 'next';
    }
    case 'run_trigger':
      run.triggers.push({ code: cmd.trigger, delaySec: cmd.delaySec ?? 0, params: {} });
      return 'next';
    case 'stop':
      run.scenario = null;
      return 'end';
    case 'transfer_to_operator':
      run.transfer = { departmentCode: cmd.departmentCode ?? null };
      run.scenario = null;
      return 'end';
    case 'return_to_bot':
      run.returnToBot = { script: cmd.script ?? null };
      run.scenario = null;
      return 'end';
  }
}
