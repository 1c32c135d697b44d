// The business of the routing concurrency test and the traffic it gets: operators and their sessions
// seeded straight into the database, then every change made over real HTTP, each call to a process
// chosen in advance. Operations are planned from a snapshot with the seeded generator (so a seed
// replays the same plan) and fired all at once; many of them race with the drains they cause.
import type { OperatorStatus } from '../../contracts/roles';
import type { Db } from '../../server/storage/db';
import { buildApiToken, buildBot, buildBusiness, buildChannel, buildDepartment, buildSession, buildUser, UNLIMITED_TOKENS } from '../factories';
import type { Answer, Headers } from '../world';
import type { OperatorAtStart, Snapshot } from './log-check';
import type { Prng } from './prng';

export interface SeededOperator extends OperatorAtStart {
  headers: Headers;
  departmentIds: number[];
}

export interface Scene {
  businessId: number;
  channelId: number;
  admin: Headers;
  /** The messenger's side (an admin API token): posts leads' messages and hands leads to operators. */
  machine: Headers;
  departments: { id: number; code: string }[];
  operators: SeededOperator[];
}

/**
 * A business with an administrator (not an operator), a bot with an API channel, `departments`
 * departments and `operators` operators: limits 1–4, a third Online, most in one or two departments.
 */
export async function seedScene(db: Db, rand: Prng, o: { operators: number; departments: number }): Promise<Scene> {
  return db.transaction().execute(async (tx) => {
    const business = await buildBusiness(tx, { name: 'Routing under load', settings: UNLIMITED_TOKENS }); // ~940 machine requests in a few seconds
    const businessId = business.id;
    const admin = await buildUser(tx, { businessId, roles: ['admin'], name: 'Anna Admin' });
    const bot = await buildBot(tx, { businessId });
    const channel = await buildChannel(tx, { businessId, botId: bot.id });
    const token = await buildApiToken(tx, { businessId });
    const operators: SeededOperator[] = [];
    for (let i = 0; i < o.operators; i++) {
      const status: OperatorStatus = rand.chance(0.35) ? 'online' : 'offline';
      const u = await buildUser(tx, { businessId, roles: ['operator'], name: `Operator ${i}`, status, maxDialogs: rand.int(1, 4) });
      const { headers } = await buildSession(tx, { userId: u.id, businessId });
      operators.push({ id: u.id, status, maxDialogs: u.max_dialogs, headers, departmentIds: [] });
    }
    // Each operator in none (about one in seven), one, or two departments.
    const memberships = operators.map(() => (rand.chance(0.15) ? [] : rand.sample([...Array(o.departments).keys()], rand.chance(0.3) ? 2 : 1)));
    const departments: { id: number; code: string }[] = [];
    for (let d = 0; d < o.departments; d++) {
      const userIds = operators.filter((_, i) => memberships[i]?.includes(d)).map((op) => op.id);
      const dep = await buildDepartment(tx, { businessId, code: `dep${d + 1}`, name: `Department ${d + 1}`, userIds });
      departments.push({ id: dep.id, code: dep.code });
      for (const op of operators) if (userIds.includes(op.id)) op.departmentIds.push(dep.id);
    }
    return {
      businessId,
      channelId: channel.id,
      admin: (await buildSession(tx, { userId: admin.id, businessId })).headers,
      machine: { authorization: `Bearer ${token.secret}` },
      departments,
      operators,
    };
  });
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

/** One HTTP call; status 0 when no answer came. */
async function send(base: string, method: Method, url: string, headers: Headers, body?: unknown): Promise<{ status: number; body: Answer }> {
  try {
    const r = await fetch(`${base}${url}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as Answer) : null };
  } catch (err) {
    return { status: 0, body: { error: String(err) } };
  }
}

/** Refusals a racing operation may legitimately get: someone else was first, or the dialog moved on. */
const EXPECTED_REFUSALS = new Set(['403 forbidden', '409 already_taken', '409 invalid_state']);

/** A planned operation: its calls, every choice already made. */
export type Op = () => Promise<void>;

/** Sends operations to the processes and keeps the tally of answers; anything but success or an expected refusal is a problem. */
export class Traffic {
  readonly tally = new Map<string, number>();
  readonly problems: string[] = [];
  private leads = 0;

  constructor(
    readonly scene: Scene,
    readonly bases: readonly string[],
  ) {}

  headersOf(userId: number | 'admin'): Headers {
    if (userId === 'admin') return this.scene.admin;
    const op = this.scene.operators.find((o) => o.id === userId);
    if (!op) throw new Error(`no operator ${userId}`);
    return op.headers;
  }

  async call(kind: string, process: number, method: Method, url: string, headers: Headers, body?: unknown): Promise<{ status: number; body: Answer }> {
    const r = await send(this.bases[process % this.bases.length]!, method, url, headers, body);
    const code = (r.body as { error?: { code?: string } } | null)?.error?.code;
    const outcome = r.status >= 200 && r.status < 300 ? 'ok' : `${r.status} ${code ?? ''}`.trim();
    this.tally.set(`${kind} ${outcome}`, (this.tally.get(`${kind} ${outcome}`) ?? 0) + 1);
    if (outcome !== 'ok' && !EXPECTED_REFUSALS.has(outcome)) this.problems.push(`${kind}: ${method} ${url} → ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  }

  /** A new lead writes through the API channel and the bot's side hands them to the contact center (to a department or not). */
  arrive(departmentCode: string | null, via: [number, number]): Op {
    const n = ++this.leads;
    return async () => {
      const inbound = await this.call('inbound', via[0], 'POST', `/api/v1/channels/${this.scene.channelId}/inbound`, this.scene.machine, {
        lead: { messengerId: `lead-${n}`, name: `Lead ${n}` },
        message: { clientMessageId: `lead-${n}-1`, text: 'I need a human' },
      });
      if (inbound.status !== 200) return;
      const leadId = (inbound.body as { leadId: number }).leadId;
      await this.call('forward', via[1], 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, this.scene.machine, departmentCode ? { departmentCode } : {});
    };
  }
}

/** How much happens in a round: new dialogs, operators going Offline and coming Online, takes, dialogs closed. */
export interface RoundSize {
  arrivals: number;
  offline: number;
  online: number;
  takes: number;
  closes: number;
}

/** The operations of one round, shuffled: every choice made now, from the state at the round's start. */
export function planRound(rand: Prng, t: Traffic, s: Snapshot, o: RoundSize): Op[] {
  const { scene } = t;
  const via = () => rand.int(0, t.bases.length - 1);
  const ops: Op[] = [];
  const op = (run: () => Promise<unknown>): void => void ops.push(async () => void (await run()));
  const ours = new Set(scene.operators.map((x) => x.id));
  const operators = s.operators.filter((x) => ours.has(x.id)).map((x) => x.id);
  const online = s.operators.filter((x) => ours.has(x.id) && x.status === 'online').map((x) => x.id);
  const offline = s.operators.filter((x) => ours.has(x.id) && x.status === 'offline').map((x) => x.id);
  const active = s.dialogs.flatMap((d) => (d.state === 'active' && d.assignee_id !== null ? [{ id: d.id, assignee: d.assignee_id }] : []));
  const waiting = s.dialogs.filter((d) => d.state === 'waiting').map((d) => d.id);
  const codes = scene.departments.map((d) => d.code);
  const setStatus = (userId: number, status: OperatorStatus) => {
    const [byAdmin, p] = [rand.chance(0.3), via()];
    return () =>
      byAdmin
        ? t.call('status (admin)', p, 'PUT', `/api/v1/users/${userId}/status`, scene.admin, { status })
        : t.call('status', p, 'PUT', '/api/v1/me/status', t.headersOf(userId), { status });
  };

  // New dialogs, a quarter of them for no department.
  for (let i = 0; i < o.arrivals; i++) ops.push(t.arrive(rand.chance(0.25) ? null : rand.pick(codes), [via(), via()]));

  // Operators go Offline (their dialogs go back to the queue) or come Online; a few flap: Offline and at once Online again.
  for (const id of rand.sample(online, o.offline)) op(setStatus(id, 'offline'));
  for (const id of rand.sample(offline, o.online)) op(setStatus(id, 'online'));
  for (const id of rand.sample(online, 3)) {
    const [away, back] = [setStatus(id, 'offline'), setStatus(id, 'online')];
    op(async () => (await away(), back()));
  }

  // Operators take from their Waiting tab (this round's arrivals among them) or a dialog they saw waiting.
  for (let i = 0; i < o.takes && online.length > 0; i++) {
    const [who, k, p1, p2] = [rand.pick(online), rand.int(0, 9), via(), via()];
    op(async () => {
      const page = await t.call('waiting tab', p1, 'GET', '/api/v1/inbox?tab=waiting&limit=10', t.headersOf(who));
      const rows = ((page.body as { rows?: { dialog: { id: number } | null }[] } | null)?.rows ?? []).filter((r) => r.dialog);
      const dialog = rows[k % Math.max(rows.length, 1)]?.dialog;
      if (dialog) await t.call('take', p2, 'POST', `/api/v1/dialogs/${dialog.id}/take`, t.headersOf(who));
    });
  }
  for (const id of rand.sample(waiting, 4)) {
    const [who, p] = [rand.pick(online.length > 0 ? online : operators), via()];
    op(() => t.call('take', p, 'POST', `/api/v1/dialogs/${id}/take`, t.headersOf(who)));
  }

  // Dialogs end or move on: closed (by their operator, sometimes an administrator), returned to the
  // bot, transferred to a colleague or to a department's queue; an administrator reassigns a few.
  const moving = rand.sample(active, o.closes + 20);
  for (const d of moving.slice(20)) {
    const [by, p] = [rand.chance(0.1) ? ('admin' as const) : d.assignee, via()];
    op(() => t.call('close', p, 'POST', `/api/v1/dialogs/${d.id}/close`, t.headersOf(by)));
  }
  for (const d of moving.slice(0, 3)) {
    const p = via();
    op(() => t.call('return to bot', p, 'POST', `/api/v1/dialogs/${d.id}/return-to-bot`, t.headersOf(d.assignee), {}));
  }
  for (const d of moving.slice(3, 10)) {
    const [to, p] = [rand.pick(operators), via()];
    op(() => t.call('transfer to a colleague', p, 'POST', `/api/v1/dialogs/${d.id}/transfer`, t.headersOf(d.assignee), { operatorId: to }));
  }
  for (const d of moving.slice(10, 17)) {
    const [departmentCode, p] = [rand.pick(codes), via()];
    op(() => t.call('transfer to a department', p, 'POST', `/api/v1/dialogs/${d.id}/transfer`, t.headersOf(d.assignee), { departmentCode }));
  }
  for (const id of [...moving.slice(17, 20).map((d) => d.id), ...rand.sample(waiting, 2)]) {
    const [to, p] = [rand.pick(operators), via()];
    op(() => t.call('assign (admin)', p, 'POST', `/api/v1/dialogs/${id}/assign`, scene.admin, { operatorId: to }));
  }

  // An administrator raises or lowers limits, and adds operators to a department (each operator at most once a round).
  const changed = rand.sample(operators, 14);
  for (const id of changed.slice(0, 10)) {
    const [maxDialogs, p] = [rand.int(1, 5), via()];
    op(() => t.call('set limit', p, 'PATCH', `/api/v1/users/${id}`, scene.admin, { maxDialogs }));
  }
  for (const id of changed.slice(10)) {
    const mine = [...(s.membership.get(id) ?? [])];
    const other = scene.departments.filter((d) => !mine.includes(d.id));
    if (other.length === 0) continue;
    const [departmentIds, p] = [[...mine, rand.pick(other).id], via()];
    op(() => t.call('join a department', p, 'PATCH', `/api/v1/users/${id}`, scene.admin, { departmentIds }));
  }
  return rand.sample(ops, ops.length);
}
