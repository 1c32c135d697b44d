// What the script editor offers as the author types: after `lead.`, `bot.` or `http.` the functions
// of that namespace (from contracts/js-api-names.ts, the list the server's sandbox is checked
// against), each with its signature and one line of help; a bare word, the namespaces themselves.
import { JS_API_NAMES, JS_API_NAMESPACES } from '@contracts/js-api-names';

export interface JsOption {
  /** What is inserted. */
  label: string;
  /** Shown beside it: the signature. */
  detail: string;
  /** The one-line description. */
  info: string;
  type: 'function' | 'namespace';
}

const NAMESPACE_INFO: Record<(typeof JS_API_NAMESPACES)[number], string> = {
  lead: 'The lead this run is for: data, attributes, tags, status, operators',
  bot: 'The bot: messages, scripts and triggers for leads, lead search',
  http: 'Calls to a CRM or another service',
};

const byNamespace = new Map<string, JsOption[]>(
  JS_API_NAMESPACES.map((ns) => [
    ns,
    JS_API_NAMES.filter((n) => n.name.startsWith(`${ns}.`)).map((n) => ({
      label: n.name.slice(ns.length + 1),
      detail: n.signature.slice(n.signature.indexOf('(')),
      info: n.doc,
      type: 'function' as const,
    })),
  ]),
);

/**
 * Options for the text before the cursor: `from` is how many characters back the word being
 * completed starts. Null when there is nothing to offer (inside a word of something else, or a
 * bare word only on an explicit request).
 */
export function jsCompletions(before: string, explicit: boolean): { back: number; options: JsOption[] } | null {
  const member = /(?:^|[^\w$.])(\w+)\.(\w*)$/.exec(before);
  if (member) {
    const options = byNamespace.get(member[1] ?? '');
    if (!options) return null;
    const typed = member[2] ?? '';
    return { back: typed.length, options: options.filter((o) => o.label.toLowerCase().startsWith(typed.toLowerCase())) };
  }
  const word = /(?:^|[^\w$.])(\w*)$/.exec(before);
  const typed = word?.[1] ?? '';
  if (!explicit && typed.length < 2) return null;
  const options = JS_API_NAMESPACES.filter((ns) => ns.startsWith(typed)).map((ns): JsOption => ({
    label: ns,
    detail: '',
    info: NAMESPACE_INFO[ns],
    type: 'namespace',
  }));
  return options.length ? { back: typed.length, options } : null;
}
