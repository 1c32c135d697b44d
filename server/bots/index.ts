// The bots module's front door: what other modules may use. Everything else in this folder is
// its own business.
export { botJobQueue, enqueueBotJob, finishJob, jobParams } from './bot-jobs.repo';
export type { BotJob, BotJobParams } from './bot-jobs.repo';
export { conditionExpression } from './bot-job-condition';
export { findBot, listBotsOfBusiness } from './bots.repo';
export { importBot } from './import-bot';
export { cutMessage, MAX_TRIGGER_DEPTH, queueLeadTriggers } from './lead-triggers';
export { findTrigger, loadBot, loadScenario, saveScenario, triggersOn, writeLogs } from './runtime.repo';
export type { Awaiting, BotDefinition, ScenarioState, ScriptBook, ScriptIndex } from './runtime.types';
export { clearScenario } from './scenario.repo';
export { scriptableBot } from './bot-scope';
export { presentScriptLog } from './scripts.presenter';
export { listScriptNamesOfBusiness } from './scripts.repo';
