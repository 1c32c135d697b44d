// The collision notice over real sockets, on every dialect: who has a dialog open and who is typing
// reaches the other operators who may see the lead, never the sender's own tabs, never another
// business; bad frames are answered, not fatal. Then across two processes through Redis.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityNotice } from '../../contracts/activity';
import { testApp } from '../../test/app';
import { buildLead, buildSession, buildUser, buildWorld } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { createRuntime, type Runtime } from '../compose';
import { loadConfig } from '../config';
import type { App } from '../http/app-type';
import type { Db } from '../storage/db';
import { redisReachable, TEST_REDIS_URL, TestClient, until } from './realtime.testkit';

type Frame = { type: string } & Partial<Omit<ActivityNotice, 'type'>> & { error?: { code: string; message: string; details?: { path: string }[] } };

const framesOf = (c: TestClient) => c.frames as Frame[];
const activityOf = (c: TestClient) => framesOf(c).filter((f) => f.type === 'activity');
const errorsOf = (c: TestClient) => framesOf(c).filter((f) => f.type === 'error');
const say = (c: TestClient, leadId: number, activity: 'viewing' | 'typing' | 'left', note?: boolean) =>
  c.ws.send(JSON.stringify({ type: 'activity', leadId, activity, ...(note === undefined ? {} : { note }) }));

/** Waits for a frame matching `match`; returns it. */
async function frameLike(c: TestClient, match: (f: Frame) => boolean, what: string): Promise<Frame> {
  await until(() => framesOf(c).some(match), what);
  return framesOf(c).find(match)!;
}

function socketUrl(app: App): string {
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return `ws://127.0.0.1:${addr.port}/api/v1/realtime`;
}

/** A business with a lead, and a way to open signed-in sockets for its people. */
async function scene(db: Db, url: () => string, clients: TestClient[]) {
  const w = await buildWorld(db);
  const lead = await buildLead(db, { businessId: w.business.id, botId: w.bot.id, channelId: w.channel.id, name: 'Vera' });
  const open = async (userId: number, at = url()) => {
    const s = await buildSession(db, { userId, businessId: w.business.id });
    const c = await TestClient.open(at, { cookie: s.cookie });
    clients.push(c);
    await c.waitForFrames(1); // hello
    return c;
  };
  return { ...w, lead, open };
}

describe.each(await dialects())('operators’ activity in dialogs on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  const clients: TestClient[] = [];
  const make = () => scene(rt.ctx.db, () => socketUrl(app), clients);
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await app?.close();
    await rt?.dispose();
  });

  it('shows another operator and a viewer who is viewing and typing, and that they left when their socket closed', async () => {
    const w = await make();
    const viewer = await buildUser(rt.ctx.db, { businessId: w.business.id, roles: ['viewer'], name: 'Vika' });
    const olga = await w.open(w.op1.id);
    const pavel = await w.open(w.op2.id);
    const vika = await w.open(viewer.id);

    say(olga, w.lead.id, 'viewing');
    const viewing = await frameLike(pavel, (f) => f.activity === 'viewing', 'Olga viewing, at Pavel');
    expect(viewing).toEqual({
      type: 'activity',
      leadId: w.lead.id,
      userId: w.op1.id,
      name: 'Olga',
      activity: 'viewing',
      connection: expect.any(String),
      ttlMs: 45_000,
    });
    await frameLike(vika, (f) => f.activity === 'viewing' && f.userId === w.op1.id, 'Olga viewing, at the viewer');

    say(olga, w.lead.id, 'typing');
    say(olga, w.lead.id, 'typing', true);
    const typing = await frameLike(pavel, (f) => f.activity === 'typing', 'Olga typing');
    expect(typing).toMatchObject({ leadId: w.lead.id, userId: w.op1.id, ttlMs: 6_000, connection: viewing.connection });
    expect(typing.note).toBeUndefined();
    expect(await frameLike(pavel, (f) => f.activity === 'typing' && f.note === true, 'Olga writing a note')).toMatchObject({ ttlMs: 6_000 });

    await olga.close();
    const left = await frameLike(pavel, (f) => f.activity === 'left', 'Olga left when her socket closed');
    expect(left).toMatchObject({ leadId: w.lead.id, userId: w.op1.id, ttlMs: 0, connection: viewing.connection });
    // Presence is not an event: nothing entered the log, no seq was taken.
    expect(pavel.events).toEqual([]);
    expect(activityOf(pavel).every((f) => !('seq' in f))).toBe(true);
  });

  it('never sends it to the sender’s own sockets (another tab), and says `left` for the first dialog when a second is opened', async () => {
    const w = await make();
    const other = await buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId: w.channel.id, name: 'Ivan' });
    const olga = await w.open(w.op1.id);
    const olgaTab2 = await w.open(w.op1.id);
    const pavel = await w.open(w.op2.id);
    say(olga, w.lead.id, 'viewing');
    say(olga, other.id, 'viewing');
    await frameLike(pavel, (f) => f.activity === 'viewing' && f.leadId === other.id, 'Olga viewing the second lead');
    expect(activityOf(pavel).map((f) => [f.leadId, f.activity])).toEqual([
      [w.lead.id, 'viewing'],
      [w.lead.id, 'left'],
      [other.id, 'viewing'],
    ]);
    // A later frame from someone else reaches Olga's second tab: had hers been sent there, they came first.
    say(pavel, w.lead.id, 'viewing');
    await frameLike(olgaTab2, (f) => f.userId === w.op2.id, 'Pavel viewing, at Olga’s other tab');
    expect(activityOf(olgaTab2).map((f) => f.userId)).toEqual([w.op2.id]);
    expect(activityOf(olga).map((f) => f.userId)).toEqual([w.op2.id]);
  });

  it('never crosses businesses: another business’s operators get nothing, and its lead is not found', async () => {
    const mine = await make();
    const theirs = await make();
    const olga = await mine.open(mine.op1.id);
    const pavel = await mine.open(mine.op2.id);
    const stranger = await theirs.open(theirs.op1.id);
    const strangerColleague = await theirs.open(theirs.op2.id);

    say(olga, mine.lead.id, 'viewing');
    say(olga, mine.lead.id, 'typing');
    // Olga names the other business's lead: refused as unknown, and published to nobody.
    say(olga, theirs.lead.id, 'viewing');
    const refused = await frameLike(olga, (f) => f.type === 'error', 'the refusal');
    expect(refused.error).toMatchObject({ code: 'not_found', message: `Lead ${theirs.lead.id} not found` });
    await frameLike(pavel, (f) => f.activity === 'typing', 'Olga typing, at Pavel');

    // The marker: a frame from the stranger's own colleague, sent after all of Olga's.
    say(strangerColleague, theirs.lead.id, 'viewing');
    await frameLike(stranger, (f) => f.userId === theirs.op2.id, 'the colleague’s viewing (the marker)');
    expect(activityOf(stranger).map((f) => f.userId)).toEqual([theirs.op2.id]);
    expect(activityOf(pavel).map((f) => [f.leadId, f.activity])).toEqual([
      [mine.lead.id, 'viewing'],
      [mine.lead.id, 'typing'],
    ]);
  });

  it('answers a bad frame with an error frame and keeps the socket open', async () => {
    const w = await make();
    const olga = await w.open(w.op1.id);
    const pavel = await w.open(w.op2.id);
    olga.ws.send('hello?');
    olga.ws.send(JSON.stringify({ type: 'activity', leadId: 'seven', activity: 'dancing' }));
    olga.ws.send(JSON.stringify({ type: 'subscribe', channel: 'everything' }));
    olga.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await until(() => errorsOf(olga).length === 4, 'four error frames');
    const [notJson, badFields, unknownType, binary] = errorsOf(olga).map((f) => f.error!);
    expect(notJson).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('JSON') });
    expect(badFields?.code).toBe('validation_failed');
    expect(badFields?.details?.map((d) => d.path).sort()).toEqual(['frame.activity', 'frame.leadId']);
    expect(unknownType?.code).toBe('validation_failed');
    expect(binary?.code).toBe('validation_failed');
    // Still open, still working.
    say(olga, w.lead.id, 'viewing');
    await frameLike(pavel, (f) => f.activity === 'viewing', 'a good frame after the bad ones');
    expect(olga.closed).toBeNull();
    expect(activityOf(pavel)).toHaveLength(1);
  });

  it('lets a viewer say it is viewing but not typing (viewers do not write)', async () => {
    const w = await make();
    const viewer = await buildUser(rt.ctx.db, { businessId: w.business.id, roles: ['viewer'], name: 'Vika' });
    const vika = await w.open(viewer.id);
    const pavel = await w.open(w.op2.id);
    say(vika, w.lead.id, 'typing');
    const refused = await frameLike(vika, (f) => f.type === 'error', 'the refusal');
    expect(refused.error?.code).toBe('forbidden');
    say(vika, w.lead.id, 'viewing');
    await frameLike(pavel, (f) => f.activity === 'viewing', 'Vika viewing');
    expect(activityOf(pavel).map((f) => [f.name, f.activity])).toEqual([['Vika', 'viewing']]);
  });
});

describe.runIf(await redisReachable()).each(await dialects())('operators’ activity across processes through Redis, on %s', (dialect) => {
  let a: TestRuntime;
  let b: Runtime;
  let appA: App;
  let appB: App;
  const clients: TestClient[] = [];
  const channel = `metadesk:test:activity:${process.pid}:${Date.now()}`;

  beforeAll(async () => {
    a = await testRuntime(dialect, { REDIS_URL: TEST_REDIS_URL, REDIS_CHANNEL: channel });
    b = await createRuntime(
      loadConfig({ DATABASE_URL: a.config.DATABASE_URL, REDIS_URL: TEST_REDIS_URL, REDIS_CHANNEL: channel, LOG_LEVEL: 'silent' }),
      pino({ level: 'silent' }),
    );
    appA = await testApp(a);
    appB = await testApp({ ...b, config: b.ctx.config, dispose: () => b.close() });
    await appA.listen({ port: 0, host: '127.0.0.1' });
    await appB.listen({ port: 0, host: '127.0.0.1' });
    const connected = (bus: unknown) => (bus as { connected?: boolean }).connected === true;
    await until(() => connected(a.ctx.bus) && connected(b.ctx.bus), 'both processes on Redis');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await appB?.close();
    await appA?.close();
    await b?.close();
    await a?.dispose();
  });

  it('reaches an operator on the other process, and only the lead’s business there', async () => {
    const mine = await scene(a.ctx.db, () => socketUrl(appA), clients);
    const theirs = await scene(a.ctx.db, () => socketUrl(appB), clients);
    const olgaOnA = await mine.open(mine.op1.id);
    const pavelOnB = await mine.open(mine.op2.id, socketUrl(appB));
    const strangerOnB = await theirs.open(theirs.op1.id);
    const strangerColleagueOnA = await theirs.open(theirs.op2.id, socketUrl(appA));

    say(olgaOnA, mine.lead.id, 'viewing');
    say(olgaOnA, mine.lead.id, 'typing');
    await frameLike(pavelOnB, (f) => f.activity === 'typing', 'Olga typing, on the other process');
    await olgaOnA.close();
    await frameLike(pavelOnB, (f) => f.activity === 'left', 'Olga left, on the other process');
    expect(activityOf(pavelOnB).map((f) => [f.userId, f.activity])).toEqual([
      [mine.op1.id, 'viewing'],
      [mine.op1.id, 'typing'],
      [mine.op1.id, 'left'],
    ]);

    say(strangerColleagueOnA, theirs.lead.id, 'viewing');
    await frameLike(strangerOnB, (f) => f.userId === theirs.op2.id, 'the marker from the stranger’s colleague');
    expect(activityOf(strangerOnB).map((f) => f.userId)).toEqual([theirs.op2.id]);
  });
});
