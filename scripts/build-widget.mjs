// `npm run build:widget`: bundles the chat widget that sites embed (widget/src/main.ts and what it
// imports; contracts/ only as types and zod-free constants) into one minified script,
// widget/dist/widget.js, which the server serves as /widget.js. An IIFE: it leaves no globals but
// window.MetadeskWidget. Type checking is `npm run typecheck`'s job; esbuild only strips the types.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'widget/dist');
/** The gzipped size the widget must stay under (the brief's budget); the build fails above it. */
const BUDGET_GZIP = 30 * 1024;
// Built next to widget/dist and swapped in at the end: a running server or a failed build never sees half of one.
const staging = `${out}.partial-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });
try {
  await build({
    absWorkingDir: root,
    entryPoints: { widget: 'widget/src/main.ts' },
    outdir: staging,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Browsers with shadow DOM, constructable stylesheets or their fallback, and dvh or its fallback.
    target: ['chrome90', 'firefox90', 'safari15', 'edge90'],
    alias: { '@contracts': './contracts' },
    minify: true,
    // External: the map is kept beside the build for debugging, and no site fetches it.
    sourcemap: 'external',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
  const size = zlib.gzipSync(fs.readFileSync(path.join(staging, 'widget.js'))).length;
  if (size > BUDGET_GZIP) throw new Error(`widget.js is ${size} bytes gzipped, over the budget of ${BUDGET_GZIP}`);
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(staging, out);
  console.log(`build:widget: widget/dist/widget.js, ${(size / 1024).toFixed(1)} KB gzipped`);
} catch (err) {
  fs.rmSync(staging, { recursive: true, force: true });
  console.error(`build:widget: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
