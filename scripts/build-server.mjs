// `npm run build:server`: bundles the server (server/main.ts and server/cli.ts with what they import
// of server/ and contracts/) into JavaScript under dist/server/, with source maps, so it starts with
// plain `node`: no compiler at start, and one file to load instead of two hundred. Packages stay in
// node_modules (imported as they are), except the few in BUNDLED. Type checking is `npm run
// typecheck`'s job; esbuild only strips the types.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Packages shipped as hundreds of small ES modules, which Node's ES module loader resolves, reads and
 * compiles one by one at every start (~360 files, ~0.1 s); bundled, they cost one parse. Pure
 * ESM without files of their own to read. The zod type provider comes with zod: there must be one zod.
 */
const BUNDLED = new Set(['kysely', 'zod', 'fastify-type-provider-zod']);
const packageOf = (specifier) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');
/** Every other package (and node: module) is imported from node_modules at run time. */
const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) => (a.kind === 'entry-point' || BUNDLED.has(packageOf(a.path)) ? undefined : { path: a.path, external: true }));
  },
};

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
    plugins: [externals],
    sourcemap: true,
    // Node (--enable-source-maps) reads and parses every map at start; stack traces need only the
    // mappings, and the sources are in the project.
    sourcesContent: false,
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
