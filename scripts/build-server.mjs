// `npm run build:server`: bundles the server (server/main.ts and server/cli.ts with what they import
// of server/ and contracts/) into JavaScript under dist/server/, with source maps, so it starts with
// plain `node`: no compiler at start, and one file to load instead of two hundred. Packages stay in
// node_modules (imported as they are). Type checking is `npm run typecheck`'s job; esbuild only
// strips the types.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist/server');
// Built next to dist/server and swapped in at the end: a running server or a failed build never sees half of one.
const staging = `${out}.partial-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });
try {
  await build({
    absWorkingDir: root,
    // The sandbox's worker thread is an entry of its own (dist/server/sandbox-worker.js), found at run time beside the bundle.
    entryPoints: ['server/main.ts', 'server/cli.ts', { in: 'server/scripting/sandbox.worker.ts', out: 'sandbox-worker' }],
    outdir: staging,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(staging, out);
} catch (err) {
  fs.rmSync(staging, { recursive: true, force: true });
  console.error(`build:server: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
