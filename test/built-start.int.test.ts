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
    server = await startServer({ DATABASE_URL: `sqlite:${path.join(dir, 'demo.db')}`, DATA_DIR: dir }, ['--demo'], [], { built: true });
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

  it('runs the CLI from dist/', async () => {
    const r = await run(['--enable-source-maps', 'dist/server/cli.js', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('owner:create');
  });
});
