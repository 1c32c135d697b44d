import { z } from 'zod';
import { AttrName } from '../../contracts/leads';
import { AnswerValidation, Button, type Command, type Entry, type ScriptType } from '../../contracts/scripts';

// The shapes the bot runtime works with, as the bots module stores them.

/** What the scenario waits for after a pause (lead_scenarios.awaiting): an "ask" answer or a menu choice. */
export const Awaiting = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('answer'), attribute: AttrName, validate: AnswerValidation, retryText: z.string().nullable(), question: z.string() }),
  z.object({ kind: z.literal('choice'), buttons: z.array(Button) }),
]);
export type Awaiting = z.infer<typeof Awaiting>;

/** Where a lead stands in its bot's scenario. */
export interface ScenarioState {
  script: string;
  step: number;
  awaiting: Awaiting | null;
}

/** A bot's scripts by code, their commands ready to run. */
export type ScriptBook = Map<string, { code: string; type: ScriptType; commands: Command[] }>;

/** What routes a lead's message to a script: each script's entry points. */
export interface ScriptIndex {
  code: string;
  type: ScriptType;
  entries: Entry[];
}

export interface BotDefinition {
  id: number;
  businessId: number;
  startScript: string | null;
  returnScript: string | null;
  transferScript: string | null;
  book: ScriptBook;
  index: ScriptIndex[];
  /** The bot's triggers by code: whether each is enabled. */
  triggers: ReadonlyMap<string, boolean>;
}
