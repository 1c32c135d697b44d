import type { Button, Command, Entry } from '../../contracts/scripts';

// The shapes the bot runtime works with, as the bots module stores them.

/** What the scenario waits for after a pause. */
export type Awaiting =
  | { kind: 'answer'; attribute: string; validate: 'any' | 'phone' | 'email' | 'number'; retryText: string | null; question: string }
  | { kind: 'choice'; buttons: Button[] };

/** Where a lead stands in its bot's scenario. */
export interface ScenarioState {
  script: string;
  step: number;
  awaiting: Awaiting | null;
}

/** A bot's scripts by code, their commands ready to run. */
export type ScriptBook = Map<string, { code: string; type: 'standard' | 'fallback' | 'system'; commands: Command[] }>;

/** What routes a lead's message to a script: each script's entry points. */
export interface ScriptIndex {
  code: string;
  type: 'standard' | 'fallback' | 'system';
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
}
