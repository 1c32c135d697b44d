// Metabot's documented lead.* names for data, attributes, tags and status, and bot.getData /
// getWebhookPayload (docs/js-api.md). Reads come from the run's copy of the lead and answer at once;
// writes change that copy and are committed with the run. Only what the database alone knows (the
// bot's statuses, the bot's row, an earlier message) is read from it.
import type { HostApi, Json } from '../scripting/index';
import type { Executor } from '../storage/db';
import { findBot, type BotJobParams } from '../bots/index';
import { countLeadsOfBot, createPerson, lastLeadMessage, statusesOfBot } from '../leads/index';
import type { Run } from './run';
import { ATTRIBUTE_NAME, LIMITS, NUL_REFUSED } from '../../contracts/limits';

type HostFn = HostApi[string][string];
type Fns = Record<string, HostFn>;

function attrName(v: Json | undefined): string {
  if (typeof v !== 'string' || !ATTRIBUTE_NAME.test(v)) throw new Error(`attribute name must be letters, digits and _ (got ${JSON.stringify(v)})`);
  return v;
}

function text(v: Json | undefined, what: string, max: number): string {
  if (v === undefined || v === null) throw new Error(`${what} is required`);
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (s.length > max) throw new Error(`${what} is longer than ${max} characters`);
  if (s.includes('\u0000')) throw new Error(`${what} ${NUL_REFUSED}`);
  return s;
}

/** Names given as 'a,b', ['a', 'b'] or {a: …, b: …} (Metabot's deleteAttrs / addTags forms). */
function names(v: Json | undefined, what: string): string[] {
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  if (Array.isArray(v)) return v.map((x) => text(x, what, 1000).trim()).filter((s) => s !== '');
  if (v && typeof v === 'object') return Object.keys(v);
  throw new Error(`${what}: 'a,b', a list or an object`);
}

function parseJson(raw: string | undefined): Json | undefined {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return undefined;
  }
}

/** A key inside a JSON attribute: 'a.b.0' or ['a', 'b', 0]. */
function pathOf(key: Json | undefined): string[] {
  if (Array.isArray(key)) return key.map(String);
  if (typeof key === 'string' || typeof key === 'number') return String(key).split('.');
  throw new Error("a key: 'a.b' or a list of keys");
}

function dig(v: Json | undefined, path: string[]): Json | undefined {
  let cur = v;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<string, Json>)[k];
  }
  return cur;
}

const TRUE = new Set(['1', 'true', 'yes', 'on', 'y', 'да']);
const FALSE = new Set(['0', 'false', 'no', 'off', 'n', 'нет', '']);

/** lead.* for data, attributes, JSON attributes, tags and status. */
export function leadDataApi(run: Run, deps: { db: Executor; now: () => number }): Fns {
  const lead = run.lead;
  const setAttr = (name: string, value: Json | undefined) => run.setAttr(name, text(value, 'value', LIMITS.attributeValue));
  const jsonAttr = (name: Json | undefined) => parseJson(lead.attrs[attrName(name)]);
  // Documented signature: (attrs, ticketId, scriptRequestParams, isForceDelete, isSuppressTriggers).
  const deleteAttrs: HostFn = (attrs, ticketId, requestParams, _isForceDelete, isSuppressTriggers) => {
    // null: every attribute, as the documented default.
    const list = attrs === undefined || attrs === null ? Object.keys(lead.attrs) : names(attrs, 'attributes').map((n) => attrName(n));
    const params: BotJobParams = {};
    if (ticketId !== undefined && ticketId !== null) params.ticketId = ticketId;
    if (requestParams !== undefined && requestParams !== null) {
      if (typeof requestParams !== 'object' || Array.isArray(requestParams)) throw new TypeError('scriptRequestParams must be an object');
      params.requestParams = requestParams as Record<string, Json>;
    }
    const options = { suppressTriggers: isSuppressTriggers === true, params: Object.keys(params).length ? params : undefined };
    for (const n of list) run.deleteAttr(n, options);
    return true;
  };
  const deleteJsonAttrs: HostFn = (name, keys) => {
    const n = attrName(name);
    if (keys === undefined || keys === null) {
      run.deleteAttr(n);
      return true;
    }
    const value = jsonAttr(n);
    if (value === undefined || value === null || typeof value !== 'object') return false;
    const copy = structuredClone(value) as Record<string, Json>;
    for (const key of Array.isArray(keys) ? keys : [keys]) {
      const path = pathOf(key);
      const parent = dig(copy, path.slice(0, -1));
      if (parent !== null && typeof parent === 'object') {
        if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
        else delete (parent as Record<string, Json>)[path.at(-1)!];
      }
    }
    setAttr(n, JSON.stringify(copy));
    return true;
  };
  const setJsonAttr: HostFn = (...args) => {
    const n = attrName(args[0]);
    if (args.length < 3) {
      setAttr(n, JSON.stringify(args[1] ?? null));
      return true;
    }
    // (name, key, value): one key inside the attribute's JSON object.
    const path = pathOf(args[1]);
    const current = jsonAttr(n);
    const root = (current !== null && typeof current === 'object' ? structuredClone(current) : {}) as Record<string, Json>;
    let cur: Record<string, Json> = root;
    for (const k of path.slice(0, -1)) {
      const next = cur[k];
      cur = (cur[k] = next !== null && typeof next === 'object' ? next : {}) as Record<string, Json>;
    }
    cur[path.at(-1)!] = args[2] ?? null;
    setAttr(n, JSON.stringify(root));
    return true;
  };
  const addTags: HostFn = (tags) => {
    for (const t of names(tags, 'tags')) run.addTag(text(t, 'tag', LIMITS.tag));
    return true;
  };
  const deleteTags: HostFn = (tags) => {
    for (const t of names(tags, 'tags')) run.removeTag(t);
    return true;
  };
  const addContexts: HostFn = (contexts) => {
    for (const c of names(contexts, 'contexts')) run.addContext(text(c, 'context', LIMITS.tag));
    return true;
  };
  const deleteContexts: HostFn = (contexts) => {
    for (const c of names(contexts, 'contexts')) run.removeContext(c);
    return true;
  };
  const status = (v: Json | undefined) => (v === undefined || v === null || v === '' ? null : text(v, 'status', LIMITS.tag));
  const setStatus: HostFn = (v) => {
    run.setStatus(status(v));
    return true;
  };
  /** The bot's statuses: those its leads are in, and this lead's own (Metadesk keeps no list). */
  const allStatuses = async () => {
    const list = new Set(await statusesOfBot(deps.db, lead.botId));
    if (lead.status !== null) list.add(lead.status);
    return [...list].sort();
  };
  const hasStatus: HostFn = async (v) => (v === undefined || v === null ? false : (await allStatuses()).includes(String(v)));
  // What the run changed shows under every name of the field.
  const data = (): Record<string, Json> => ({
    ...lead.data,
    name: lead.name,
    lang_code: lead.data.language ?? null,
    person_id: run.personId,
    status: lead.status,
    status_id: lead.status,
    status_name: lead.status,
  });
  const getData: HostFn = (key) => {
    const all = data();
    if (key === undefined || key === null) return all;
    const k = String(key);
    if (!Object.hasOwn(all, k)) throw new Error(`lead.getData: unknown key "${k}" (known: ${Object.keys(all).join(', ')})`);
    return all[k] ?? null;
  };
  const setOne = (key: string, value: Json | undefined) => {
    switch (key) {
      case 'name':
        run.setName(text(value, 'name', LIMITS.leadName).trim() || lead.name);
        return;
      case 'lang_code':
      case 'language':
        run.setLanguage(value === null || value === undefined || value === '' ? null : text(value, 'language', 16));
        return;
      case 'status':
      case 'status_id':
      case 'status_name':
        run.setStatus(status(value));
        return;
      case 'phone':
        setAttr('sys_phone', value);
        return;
      case 'email':
        setAttr('sys_email', value);
        return;
      default:
        throw new Error(
          `lead.setData: "${key}" ${Object.hasOwn(lead.data, key) ? 'is read-only' : 'is not a lead field'} (writable: name, lang_code, status_id, phone, email; keep your own data in attributes)`,
        );
    }
  };
  const channelCode = () => lead.data.channel_code ?? null;

  return {
    // Data.
    getData,
    getAllData: () => data(),
    issetData: (key) => (data()[String(key)] ?? null) !== null,
    isDataExist: (key) => (data()[String(key)] ?? null) !== null,
    setData: (key, value) => {
      if (key !== null && typeof key === 'object' && !Array.isArray(key)) for (const [k, v] of Object.entries(key as Record<string, Json>)) setOne(k, v);
      else setOne(String(key), value);
      return true;
    },
    getSerialNumber: () => lead.id,
    getIdentification: () => lead.data.identification ?? null,
    getIdentificationEntity: () => ({ identification: lead.data.identification ?? null, messenger: channelCode(), channel_id: lead.data.channel_id ?? null }),
    getMessenger: channelCode,
    getMessengerCode: channelCode,
    getChannelCode: channelCode,
    // Every Metadesk channel shows a menu's buttons as buttons (the menu command's `inline` chooses the layout).
    isInlineButtonsAvailable: () => true,
    isInlineButtonsAvailableGeneralChannelSetting: () => true,
    getLastRequest: () => {
      if (run.request.text !== null) return run.request.text;
      return lastLeadMessage(deps.db, lead.id).then((m) => m?.text ?? null);
    },

    // Attributes.
    getAttr: (name) => lead.attrs[attrName(name)] ?? null,
    setAttr: (name, value) => {
      setAttr(attrName(name), value);
      return true;
    },
    getAllAttr: () => ({ ...lead.attrs }),
    issetAttr: (name) => attrName(name) in lead.attrs,
    isAttrExist: (name) => attrName(name) in lead.attrs,
    deleteAttr: deleteAttrs,
    deleteAttrs,
    forceDeleteAttr: deleteAttrs,
    forceDeleteAttrs: deleteAttrs,
    getIntAttr: (name) => {
      const n = Number.parseInt(lead.attrs[attrName(name)] ?? '', 10);
      return Number.isFinite(n) ? n : null;
    },
    getFloatAttr: (name) => {
      const n = Number.parseFloat((lead.attrs[attrName(name)] ?? '').replace(',', '.'));
      return Number.isFinite(n) ? n : null;
    },
    getBoolAttr: (name) => {
      const raw = lead.attrs[attrName(name)];
      if (raw === undefined) return null;
      const v = raw.trim().toLowerCase();
      return TRUE.has(v) ? true : FALSE.has(v) ? false : null;
    },

    // JSON attributes.
    getJsonAttr: (name, key) => {
      const v = jsonAttr(name);
      return (key === undefined || key === null ? v : dig(v, pathOf(key))) ?? null;
    },
    getAllJsonAttrs: () => {
      const out: Record<string, Json> = {};
      for (const [k, raw] of Object.entries(lead.attrs)) {
        const v = parseJson(raw);
        if (v !== null && typeof v === 'object') out[k] = v;
      }
      return out;
    },
    setJsonAttr,
    issetJsonAttr: (name, key) => (key === undefined || key === null ? jsonAttr(name) !== undefined : dig(jsonAttr(name), pathOf(key)) !== undefined),
    isJsonAttrKeyExist: (name, key) => dig(jsonAttr(name), pathOf(key)) !== undefined,
    deleteJsonAttr: deleteJsonAttrs,
    deleteJsonAttrs,
    forceDeleteJsonAttr: deleteJsonAttrs,
    forceDeleteJsonAttrs: deleteJsonAttrs,

    // Tags.
    addTag: addTags,
    addTags,
    setTag: addTags,
    deleteTag: deleteTags,
    deleteTags,
    forceDeleteTag: deleteTags,
    forceDeleteTags: deleteTags,
    isTagExist: (tag) => lead.tags.has(String(tag)),
    issetTag: (tag) => lead.tags.has(String(tag)),
    getTag: (tag) => (lead.tags.has(String(tag)) ? String(tag) : null),
    getAllTags: () => [...lead.tags].sort(),

    // Persons: one human behind several leads (e.g. the same customer in two channels).
    getPersonId: () => run.personId,
    setPersonId: (personId) => {
      const id = Number(personId);
      if (!Number.isInteger(id) || id < 1) throw new Error('lead.setPersonId: a person id (from lead.createPersonForCurrentLead or lead.getPersonId)');
      run.setPerson(id);
      return true;
    },
    // The person row is made at once (a run that then fails leaves it unused); the link is committed with the run.
    createPersonForCurrentLead: async () => {
      const id = await createPerson(deps.db, lead.businessId, deps.now());
      run.setPerson(id);
      return id;
    },

    // Contexts: named marks, like tags.
    setContext: addContexts,
    addContext: addContexts,
    addContexts,
    deleteContext: deleteContexts,
    deleteContexts,
    isContextExist: (c) => run.contexts.has(String(c)),
    issetContext: (c) => run.contexts.has(String(c)),
    getContext: (c) => (run.contexts.has(String(c)) ? String(c) : null),
    getAllContexts: () => [...run.contexts].sort(),

    // Status: Metadesk's statuses are names, so a status's id is its name.
    getStatusId: () => lead.status,
    getStatusName: () => lead.status,
    isInStatus: (name) => lead.status !== null && lead.status === String(name),
    setStatus,
    setStatusId: setStatus,
    setStatusById: setStatus,
    setStatusName: setStatus,
    setStatusByName: setStatus,
    getAllStatuses: async () => (await allStatuses()).map((s) => ({ id: s, name: s })),
    getAllStatusesIndexedByName: async () => Object.fromEntries((await allStatuses()).map((s) => [s, { id: s, name: s }])),
    issetStatusById: hasStatus,
    issetStatusByName: hasStatus,
    getStatusIdByName: async (name) => ((await hasStatus(name)) ? String(name) : null),
  };
}

/** bot.getData and bot.getWebhookPayload. */
export function botDataApi(run: Run, deps: { db: Executor }): Fns {
  const lead = run.lead;
  const botData = async (): Promise<Record<string, Json>> => {
    const [bot, leadsCount] = await Promise.all([findBot(deps.db, lead.businessId, lead.botId), countLeadsOfBot(deps.db, lead.botId)]);
    if (!bot) return {};
    return {
      id: bot.id,
      name: bot.name,
      business_id: bot.business_id,
      created_at: bot.created_at,
      start_script: bot.start_script,
      return_script: bot.return_script,
      transfer_script: bot.transfer_script,
      leadsCount,
      leads_count: leadsCount,
    };
  };
  return {
    getData: async (key) => {
      const all = await botData();
      return key === undefined || key === null ? all : (all[String(key)] ?? null);
    },
    // What the run was started with: the lead's message (or button label), and the job's script_request_params.
    getWebhookPayload: () => ({ text: run.request.text, script_request_params: run.request.params as Record<string, Json> }),
  };
}
