import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingInput, RoutingOperator } from '../../contracts/routing';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sandbox } from '../scripting/sandbox';
import { runRoutingScript } from './routing-script';

// The routing script's contract with its author: what it reads, what its answers mean, and the
// examples docs/routing.md gives, run as written (the CRM's address pointed at a local one).
const examples = [...fs.readFileSync(path.join(import.meta.dirname, '../../docs/routing.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);

const op = (id: number, o: Partial<RoutingOperator> = {}): RoutingOperator => ({
  id,
  name: `Op ${id}`,
  status: 'online',
  openDialogs: 0,
  maxDialogs: 3,
  departments: [],
  lastAssignedAt: 0,
  workspaceOpen: true,
  ...o,
});
const input = (lead: Partial<RoutingInput['lead']>, operators: RoutingOperator[]): RoutingInput => ({
  dialog: { id: 7, departmentCode: null, waitingSince: 1_000, previousOperatorId: null },
  lead: { id: 3, name: 'Ira', attrs: {}, tags: [], channel: 'telegram', language: 'ru', ...lead },
  operators,
  suggested: operators.map((o) => o.id),
  now: 2_000,
});

describe('the routing script', () => {
  let sandbox: Sandbox;
  // A CRM that numbers tickets (or is down).
  const crm = { url: '', status: 201, tickets: [] as unknown[] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += String(c)));
    req.on('end', () => {
      crm.tickets.push(JSON.parse(body));
      res.writeHead(crm.status, { 'content-type': 'application/json' }).end(JSON.stringify({ id: crm.tickets.length }));
    });
  });
  beforeAll(async () => {
    sandbox = await Sandbox.create({ workers: 1 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    crm.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    sandbox?.dispose();
    await new Promise((resolve) => server.close(resolve));
  });
  const run = (code: string, i: RoutingInput, allowPrivate = false) => runRoutingScript(sandbox, { businessId: 1, code, input: i, allowPrivate });

  it('docs/routing.md has its three examples', () => {
    expect(examples).toHaveLength(3);
  });

  it('round robin by skill: the wholesale operator who waited longest, or keep waiting for one', async () => {
    const ops = [
      op(1, { departments: ['wholesale'], lastAssignedAt: 500 }),
      op(2, { departments: ['wholesale'], lastAssignedAt: 100, openDialogs: 2 }),
      op(3, { departments: ['retail'] }),
    ];
    expect((await run(examples[0]!, input({ attrs: { topic: 'wholesale' } }, ops))).answer).toEqual({ operatorId: 2 });
    expect((await run(examples[0]!, input({ attrs: { topic: 'wholesale' } }, [op(3, { departments: ['retail'] })]))).answer).toEqual({ wait: true });
  });

  it('VIP first: a VIP lead to the least loaded senior, anyone else to the rule', async () => {
    const ops = [
      op(1, { departments: ['senior'], openDialogs: 2 }),
      op(2, { departments: ['senior'], openDialogs: 1 }),
      op(3, { departments: ['senior'], status: 'offline' }),
    ];
    expect((await run(examples[1]!, input({ tags: ['vip'] }, ops))).answer).toEqual({ operatorId: 2 });
    expect((await run(examples[1]!, input({ attrs: { vip: '1' } }, [op(4)]))).answer).toBeNull();
    expect((await run(examples[1]!, input({}, ops))).answer).toBeNull();
  });

  it('a CRM ticket: posted with the lead, the dialog kept waiting; a CRM failure falls back to the rule with the reason', async () => {
    const code = examples[2]!.replace('https://crm.example.com', crm.url);
    const ok = await run(code, input({ attrs: { sys_phone: '+79991234567' } }, []), true);
    expect(ok.answer).toEqual({ wait: true });
    expect(ok.lines).toEqual([{ level: 'log', message: `ticket ${crm.tickets.length}` }]);
    expect(crm.tickets.at(-1)).toEqual({ dialogId: 7, name: 'Ira', phone: '+79991234567', channel: 'telegram' });
    crm.status = 503;
    const down = await run(code, input({}, []), true);
    expect(down).toMatchObject({ answer: null, failed: true });
    expect(down.lines.at(-1)?.message).toMatch(/CRM answered 503 .*the built-in rule decides/);
    // Private addresses are refused unless the business allows them.
    expect((await run(code, input({}, []), false)).failed).toBe(true);
  });

  it('routing.operators filters on the server side; routing.operator finds one', async () => {
    const ops = [op(1, { departments: ['a'] }), op(2, { departments: ['a'], openDialogs: 3 }), op(3, { status: 'offline', departments: ['a'] })];
    const ids = async (filter: string) =>
      (await run(`console.log(routing.operators(${filter}).map((o) => o.id).join())`, input({}, ops))).lines.map((l) => l.message);
    expect(await ids('')).toEqual(['1,2,3']);
    expect(await ids("{ department: 'a', available: false }")).toEqual(['2,3']);
    const pick = await run(
      `const a = routing.operators({ department: 'a', available: true }); return { operatorId: a.length === 1 ? a[0].id : 99 };`,
      input({}, ops),
    );
    expect(pick.answer).toEqual({ operatorId: 1 });
    const offline = await run(`return { operatorId: routing.operators({ status: 'offline' })[0].id };`, input({}, ops));
    expect(offline.answer).toEqual({ operatorId: 3 });
    expect((await run(`return { operatorId: routing.operator(2).openDialogs };`, input({}, ops))).answer).toEqual({ operatorId: 3 });
    expect((await run(`return routing.operator(42);`, input({}, ops))).answer).toBeNull();
  });
});
