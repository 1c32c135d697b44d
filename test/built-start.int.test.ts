// `npm start` runs the compiled server (dist/): build it as npm start does (only when stale) and
// start it on a fresh SQLite file, with the demo (which reads its bots' JSON documents from the
// project), to prove the build runs on plain Node with every file it loads at run time.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from './server-process';

const root = path.resolve(import.meta.dirname, '..');

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('the built server', () => {
  let dir: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    const build = await run(['scripts/ensure-build.mjs', '--server']);
    if (build.code !== 0) throw new Error(`the server build failed:\n${build.out}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-built-'));
    // With a heap option as an administrator may give it: the sandbox's workers must start all the same.
    server = await startServer({ DATABASE_URL: `sqlite:${path.join(dir, 'demo.db')}`, DATA_DIR: dir }, ['--demo'], ['--max-old-space-size=1024'], {
      built: true,
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts from dist/ on plain Node, seeds the demo and answers /healthz', async () => {
    const r = await fetch(`${server!.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, db: 'sqlite' });
    expect(server!.output()).toContain('Demo business');
  });

  it.runIf(fs.existsSync(path.join(root, 'web/dist/index.html')))('serves the workspace from web/dist at the project root', async () => {
    const r = await fetch(`${server!.url}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('shows the demo web widget at /demo/widget, with the snippet of the demo business and the widget script', async () => {
    const page = await fetch(`${server!.url}/demo/widget`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const key = /data-key="(wk_[\w-]+)"/.exec(html)?.[1];
    expect(key).toBeDefined();
    expect(server!.output()).toContain(`data-key="${key}"`);
    const session = await fetch(`${server!.url}/api/widget/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key }),
    });
    expect(session.status).toBe(200);
    if (fs.existsSync(path.join(root, 'widget/dist/widget.js')))
      expect((await fetch(`${server!.url}/widget.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it("runs a bot's JavaScript in the sandbox's worker thread (dist/server/sandbox-worker.js)", async () => {
    // The support bot's start script asks for the phone under the JS condition !lead.getAttr('sys_phone').
    const out = server!.output();
    const token = out
      .split('\n')
      .find((l) => l.includes('API token'))!
      .split(': ')
      .at(-1)!
      .trim();
    const channel = /"Support API" id (\d+)/.exec(out)![1]!;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const posted = await fetch(`${server!.url}/api/v1/channels/${channel}/inbound`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ lead: { messengerId: 'built-js-1', name: 'Built Js' }, message: { clientMessageId: 'built-js-1', text: 'hello' } }),
    });
    expect(posted.status).toBe(200);
    await expect
      .poll(async () => {
        const r = await fetch(`${server!.url}/api/v1/inbox?q=${encodeURIComponent('Built Js')}`, { headers: { authorization: auth.authorization } });
        return JSON.stringify(await r.json());
      })
      .toMatch(/phone number/);
    expect(out).not.toMatch(/sandbox-worker|sandbox: a worker/);
  });

  it('runs the CLI from dist/', async () => {
    const r = await run(['--enable-source-maps', 'dist/server/cli.js', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('owner:create');
  });
});
