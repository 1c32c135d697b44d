// The server's module boundaries, checked in `npm test` (npm run check:modules):
//  1. no import cycles between modules (a module is a folder directly under server/; its sub-folders are its own);
//  2. a module is entered through its front door, `server/<module>/index.ts`, except the shared leaves;
//  3. the composition root (server/*.ts) is imported by nobody, except its leaves (errors, config,
//     paths, and context, which may only import types);
//  4. each table is queried only by the repositories (*.repo.ts) of the module that owns it, except
//     the read models named below.
// Tests, test kits and fixtures may reach anywhere. Prints every violation and exits 1 when there is one.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..');
const SERVER = path.join(ROOT, 'server');

/** Folders everyone may import file by file: no front door, and they import no other module. */
const LEAVES = new Set(['shared', 'net', 'storage', 'http']);
/** Root files other modules may import. */
const ROOT_LEAVES = new Set(['errors.ts', 'config.ts', 'paths.ts', 'context.ts']);

/** Which module owns each table: only its repositories read or write it. */
const OWNER: Record<string, string> = {
  businesses: 'accounts',
  users: 'accounts',
  departments: 'accounts',
  user_departments: 'accounts',
  sessions: 'accounts',
  api_tokens: 'accounts',
  login_attempts: 'accounts',
  login_failures: 'accounts',
  installation_secrets: 'accounts',
  leads: 'leads',
  messages: 'leads',
  lead_attributes: 'leads',
  lead_tags: 'leads',
  lead_contexts: 'leads',
  persons: 'leads',
  lead_persons: 'leads',
  dialogs: 'dialogs',
  dialog_members: 'dialogs',
  bots: 'bots',
  scripts: 'bots',
  script_versions: 'bots',
  triggers: 'bots',
  bot_jobs: 'bots',
  lead_scenarios: 'bots',
  script_logs: 'bots',
  channels: 'channels',
  outbox: 'channels',
  channel_pollers: 'channels',
  attachments: 'attachments',
  quick_replies: 'quick-replies',
  events: 'realtime',
  workspace_presence: 'routing',
  routing_scripts: 'routing',
  routing_logs: 'routing',
  audit_log: 'audit',
  report_events: 'realtime',
  report_dialogs: 'realtime',
  password_links: 'accounts',
  smtp_settings: 'mail',
  working_hours: 'accounts',
  out_of_hours_replies: 'dialogs',
};
/** Declared uses of another module's tables, each with its reason. */
const READ_MODELS: Record<string, string[]> = {
  // Events are numbered per business under the business row's lock (the seq counter lives on it).
  'server/realtime/event-log.repo.ts': ['businesses'],
  'server/realtime/realtime.repo.ts': ['businesses'],
  // A department that open dialogs wait for cannot be deleted.
  'server/accounts/departments.repo.ts': ['dialogs'],
  // The users list shows each user's load (active dialogs) beside their limit.
  'server/accounts/user-load.repo.ts': ['dialogs', 'dialog_members'],
  // The panel's row: a lead with its bot, channel and current dialog with its operators.
  'server/leads/inbox-row.repo.ts': ['channels', 'bots', 'dialogs', 'dialog_members'],
  // bot.findLeads: a lead's channel (name, kind) and the operator of its open dialog, as Metabot's fields.
  'server/leads/find-leads.repo.ts': ['channels', 'dialogs'],
  // Reports read the event log's reporting facts, and name the departments, bots, channels and users in them.
  'server/reports/reports.repo.ts': ['report_events', 'report_dialogs', 'departments', 'bots', 'channels', 'users'],
  // The live monitor: operators' load and dialogs awaiting their answer, the waiting queues and the missed
  // targets now (dialogs with their leads' names), and each operator's last reply (messages).
  'server/monitor/monitor.repo.ts': ['dialogs', 'leads', 'messages'],
  // The panel's tabs and search: leads joined with their dialogs, members and messages.
  'server/dialogs/inbox.repo.ts': ['leads', 'messages', 'lead_attributes', 'channels'],
  // The bots screen's test console: the bot's console channel, the user's test lead with its history, attributes,
  // tags, scenario, queued jobs and log lines, read together and forgotten together on reset.
  'server/bot-console/console.repo.ts': ['channels', 'leads', 'messages', 'lead_attributes', 'lead_tags', 'lead_scenarios', 'script_logs', 'bot_jobs'],
  // A dialog's transcript: its part of the lead's history, and the names of its business, bot, channel, department and members.
  'server/transcripts/transcript.repo.ts': ['messages', 'dialogs', 'dialog_members', 'businesses', 'bots', 'channels', 'departments'],
};

const isTestFile = (f: string) => /\.(test|int\.test)\.ts$|testkit|test-support|\.fixture\.ts$/.test(f);
const moduleOf = (abs: string): string | null => {
  const rel = path.relative(SERVER, abs);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(path.sep);
  return parts.length === 1 ? '' : parts[0]!;
};

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ''));
  for (const c of [`${base}.ts`, path.join(base, 'index.ts'), base]) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

interface Import {
  target: string;
  typeOnly: boolean;
  line: number;
}

function importsOf(file: string, src: ts.SourceFile): Import[] {
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean, node: ts.Node) => {
    const target = resolve(file, spec);
    if (target) out.push({ target, typeOnly, line: src.getLineAndCharacterOfPosition(node.getStart(src)).line + 1 });
  };
  const visit = (n: ts.Node) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(n) ? (n.importClause?.isTypeOnly ?? false) : n.isTypeOnly;
      add(n.moduleSpecifier.text, typeOnly, n);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      add(n.arguments[0].text, false, n);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*'([a-z_]+)/g;

const problems: string[] = [];
const graph = new Map<string, Map<string, string>>(); // module → module → first "file:line" that imports it
const rel = (f: string) => path.relative(ROOT, f);

for (const file of walk(SERVER)) {
  if (isTestFile(file) || file.includes(`${path.sep}migrations${path.sep}`)) continue;
  const text = fs.readFileSync(file, 'utf8');
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const from = moduleOf(file)!;
  for (const imp of importsOf(file, src)) {
    const to = moduleOf(imp.target);
    if (to === null || to === from) continue;
    const where = `${rel(file)}:${imp.line}`;
    if (to === '') {
      const name = path.basename(imp.target);
      if (!ROOT_LEAVES.has(name)) problems.push(`${where}: imports the composition root (${name}); only errors, config, paths and context are shared`);
      continue;
    }
    if (from === '') {
      // The composition root wires everything; context.ts only describes it with types.
      if (path.basename(file) === 'context.ts' && !imp.typeOnly) problems.push(`${where}: context.ts may import types only`);
      if (ROOT_LEAVES.has(path.basename(file)) && path.basename(file) !== 'context.ts')
        problems.push(`${where}: ${path.basename(file)} is a shared leaf and imports no module`);
      continue;
    }
    if (LEAVES.has(from) && !LEAVES.has(to)) problems.push(`${where}: ${from}/ is a shared leaf and may not import the ${to} module`);
    if (!LEAVES.has(to) && path.relative(path.join(SERVER, to), imp.target) !== 'index.ts') {
      problems.push(`${where}: enters ${to}/ through ${path.relative(SERVER, imp.target)}; use its front door ${to}/index.ts`);
    }
    const edges = graph.get(from) ?? new Map<string, string>();
    if (!edges.has(to)) edges.set(to, where);
    graph.set(from, edges);
  }
  // Tables: only the owner's repositories (and the declared read models) query them.
  for (const m of text.matchAll(QUERY)) {
    const table = m[2]!;
    const owner = OWNER[table];
    if (!owner) continue;
    const line = text.slice(0, m.index).split('\n').length;
    const where = `${rel(file)}:${line}`;
    if (from === 'storage') continue;
    if (READ_MODELS[rel(file)]?.includes(table)) continue;
    if (!file.endsWith('.repo.ts')) problems.push(`${where}: queries ${table} outside a repository (*.repo.ts)`);
    else if (owner !== from) problems.push(`${where}: queries ${table}, a table of ${owner}/; ask its repository through ${owner}/index.ts`);
  }
}

// Cycles between modules (Tarjan's strongly connected components).
let index = 0;
const idx = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
function strong(v: string): void {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v)?.keys() ?? []) {
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v)!, low.get(w)!));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
  }
  if (low.get(v) === idx.get(v)) {
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1) {
      const edges = scc.flatMap((a) => [...(graph.get(a) ?? [])].filter(([b]) => scc.includes(b)).map(([b, at]) => `    ${a} → ${b} (${at})`));
      problems.push(`import cycle between ${scc.sort().join(', ')}:\n${edges.join('\n')}`);
    }
  }
}
for (const v of graph.keys()) if (!idx.has(v)) strong(v);

if (problems.length) {
  console.error(`Module boundaries: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`Module boundaries: ${graph.size} modules, no cycles, front doors and table owners respected.`);
