// Every function the bot sandbox gives user code (lead.*, bot.*, http.*), with its signature and one
// line of help: the script editor completes from this list, and a server test checks that it names
// exactly what the runtime exposes (server/bot-runtime/js-api-names.test.ts). Zod-free, so the web
// app can import it. docs/js-api.md is the long form.

export interface JsApiName {
  /** `namespace.function`, as user code calls it. */
  name: string;
  /** The arguments as documented (defaults shown), without the namespace. */
  signature: string;
  /** What it does, in one line. */
  doc: string;
}

export const JS_API_NAMESPACES = ['lead', 'bot', 'http'] as const;
export type JsApiNamespace = (typeof JS_API_NAMESPACES)[number];

const ns =
  (namespace: JsApiNamespace) =>
  (fn: string, args: string, doc: string): JsApiName => ({ name: `${namespace}.${fn}`, signature: `${fn}(${args})`, doc });
const lead = ns('lead');
const bot = ns('bot');
const http = ns('http');

export const JS_API_NAMES: readonly JsApiName[] = [
  // lead.*: data.
  lead('getData', 'key', "A lead field by Metabot's name (id, name, status_id, phone …); without a key, all of them"),
  lead('getAllData', '', 'Every lead field as an object'),
  lead('issetData', 'key', 'Whether that lead field has a value (not null)'),
  lead('isDataExist', 'key', 'Whether that lead field has a value (not null)'),
  lead('setData', 'key, value', 'Writes name, lang_code, status_id, phone or email (or an object of them)'),
  lead('getSerialNumber', '', "The lead's number: its id"),
  lead('getIdentification', '', "The messenger's id of the lead"),
  lead('getIdentificationEntity', '', '{identification, messenger, channel_id}'),
  lead('getMessenger', '', "The kind of the lead's channel: telegram, widget or api"),
  lead('getMessengerCode', '', "The kind of the lead's channel: telegram, widget or api"),
  lead('getChannelCode', '', "The kind of the lead's channel: telegram, widget or api"),
  lead('isInlineButtonsAvailable', '', 'true: every Metadesk channel shows buttons'),
  lead('isInlineButtonsAvailableGeneralChannelSetting', '', 'true: every Metadesk channel shows buttons'),
  lead('getLastRequest', '', "The text of the lead's message this run answers (or the last one)"),
  // lead.*: attributes.
  lead('getAttr', 'name', "The attribute's value (a string) or null"),
  lead('setAttr', 'name, value', 'Sets an attribute (sys_phone and sys_email also fill phone and e-mail)'),
  lead('getAllAttr', '', 'Every attribute as an object'),
  lead('issetAttr', 'name', 'Whether the lead has the attribute'),
  lead('isAttrExist', 'name', 'Whether the lead has the attribute'),
  lead('deleteAttr', 'name', 'Removes an attribute'),
  lead('deleteAttrs', 'attrs, ticketId, scriptRequestParams, isForceDelete, isSuppressTriggers', "Removes attributes: a name, 'a,b', a list, or null for all"),
  lead('forceDeleteAttr', 'name', 'The same as deleteAttr'),
  lead('forceDeleteAttrs', 'attrs', 'The same as deleteAttrs'),
  lead('getIntAttr', 'name', 'The attribute as an integer, or null'),
  lead('getFloatAttr', 'name', 'The attribute as a number (3,5 reads as 3.5), or null'),
  lead('getBoolAttr', 'name', 'The attribute as true / false (yes, да, 1 …), or null'),
  // lead.*: JSON attributes.
  lead('getJsonAttr', 'name, key = null', "The attribute parsed as JSON, or one key of it ('a.b.0')"),
  lead('getAllJsonAttrs', '', 'Every attribute holding a JSON object or list, parsed'),
  lead('setJsonAttr', 'name, key, value', 'Stores a value as JSON, or sets one key inside the JSON object'),
  lead('issetJsonAttr', 'name, key = null', 'Whether the attribute is JSON (and has that key)'),
  lead('isJsonAttrKeyExist', 'name, key', "Whether the attribute's JSON has that key"),
  lead('deleteJsonAttr', 'name, keys = null', "Removes keys from the attribute's JSON; without keys, the attribute"),
  lead('deleteJsonAttrs', 'name, keys = null', "Removes keys from the attribute's JSON; without keys, the attribute"),
  lead('forceDeleteJsonAttr', 'name, keys = null', 'The same as deleteJsonAttr'),
  lead('forceDeleteJsonAttrs', 'name, keys = null', 'The same as deleteJsonAttrs'),
  // lead.*: tags.
  lead('addTag', 'tag', "Adds tags: a tag, 'a,b' or a list"),
  lead('addTags', 'tags', "Adds tags: a tag, 'a,b' or a list"),
  lead('setTag', 'tag', 'The same as addTag'),
  lead('deleteTag', 'tag', "Removes tags: a tag, 'a,b' or a list"),
  lead('deleteTags', 'tags', "Removes tags: a tag, 'a,b' or a list"),
  lead('forceDeleteTag', 'tag', 'The same as deleteTag'),
  lead('forceDeleteTags', 'tags', 'The same as deleteTags'),
  lead('isTagExist', 'tag', 'Whether the lead has the tag'),
  lead('issetTag', 'tag', 'Whether the lead has the tag'),
  lead('getTag', 'tag', 'The tag, or null if the lead has not got it'),
  lead('getAllTags', '', "The lead's tags, sorted"),
  // lead.*: persons.
  lead('getPersonId', '', 'The person (one human behind several leads) of the lead, or null'),
  lead('setPersonId', 'personId', 'Links the lead to a person of the business'),
  lead('createPersonForCurrentLead', '', 'Makes a new person for the lead and returns its id'),
  // lead.*: contexts.
  lead('setContext', 'context', "Adds contexts: a context, 'a,b' or a list"),
  lead('addContext', 'context', "Adds contexts: a context, 'a,b' or a list"),
  lead('addContexts', 'contexts', "Adds contexts: a context, 'a,b' or a list"),
  lead('deleteContext', 'context', 'Removes contexts'),
  lead('deleteContexts', 'contexts', 'Removes contexts'),
  lead('isContextExist', 'context', 'Whether the lead has the context'),
  lead('issetContext', 'context', 'Whether the lead has the context'),
  lead('getContext', 'context', 'The context, or null if the lead has not got it'),
  lead('getAllContexts', '', "The lead's contexts, sorted"),
  // lead.*: status (a status's id is its name).
  lead('getStatusId', '', "The lead's status (its id is its name)"),
  lead('getStatusName', '', "The lead's status"),
  lead('isInStatus', 'name', 'Whether the lead is in that status'),
  lead('setStatus', 'status', "Sets the status; null or '' clears it"),
  lead('setStatusId', 'status', 'The same as setStatus'),
  lead('setStatusById', 'status', 'The same as setStatus'),
  lead('setStatusName', 'status', 'The same as setStatus'),
  lead('setStatusByName', 'status', 'The same as setStatus'),
  lead('getAllStatuses', '', "The bot's statuses as [{id, name}]"),
  lead('getAllStatusesIndexedByName', '', "The bot's statuses as {name: {id, name}}"),
  lead('issetStatusById', 'status', 'Whether the bot has that status'),
  lead('issetStatusByName', 'status', 'Whether the bot has that status'),
  lead('getStatusIdByName', 'name', "The status's id (its name), or null"),
  // lead.*: operators.
  lead('setForwarded', 'flag = true', 'true: transfer the lead to operators; false: return it to the bot'),
  lead('canAutoForward', '', 'Whether the lead can be handed to operators automatically now'),
  lead('getNextOperators', 'departmentCode = null, isOnline = true', 'Ids of operators who could take the dialog now, best first'),
  lead('assignDialogToOperator', 'operatorId', 'Gives the dialog to that operator'),
  lead(
    'assignDialogToNextOperator',
    'departmentCode = null, isOnline = true, isForwardIfOperatorNotFound = true, useLocks = true',
    "Automatic distribution: gives the dialog to the best operator; the operator's id or null",
  ),
  // bot.*
  bot('getData', 'key', "The bot's fields (id, name, start_script, leadsCount …); without a key, all of them"),
  bot('getWebhookPayload', '', 'What started the run: {text, script_request_params}'),
  bot('canAutoForward', '', 'The same as lead.canAutoForward()'),
  bot('sendMessage', 'text', 'The bot writes to the lead'),
  bot('runScriptForLead', 'scriptCode, leadId, ticketId, addToQueue, jobParams', 'Runs a script of this bot for a lead, after this run or as jobParams say'),
  bot('runTriggerByCodeForLead', 'code, leadId, ticketId, addToQueue, jobParams', "Runs a trigger's script for a lead, after this run or as jobParams say"),
  bot('findLeads', 'columns = [], where = [], orderBy = [], limit = 100, offset = 0', "Searches the bot's leads"),
  // http.*
  http('get', 'url, {headers}', 'A GET request: {status, headers, body, json}'),
  http('post', 'url, body, {headers}', 'A POST request (an object body is sent as JSON): {status, headers, body, json}'),
  http('request', '{method, url, headers, body}', 'Any request: {status, headers, body, json}'),
];
