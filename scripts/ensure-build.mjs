// `npm start`, `npm run demo` and `npm run cli` run this first: it builds the server (bundled into
// dist/server/), the operator workspace (web/ to web/dist) and the web widget (widget/ to
// widget/dist) when a build is missing or older
// than its sources, so `npm install && npm start` is all a fresh machine needs and a restart with
// nothing changed starts at once. `--server` checks only the server (the CLI needs no web app).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const at = (p) => path.join(root, p);

const builds = [
  {
    name: 'the server (dist/)',
    stamp: 'dist/server/main.js',
    sources: ['server', 'contracts', 'scripts/build-server.mjs'],
    tool: 'node_modules/esbuild/package.json',
    args: ['scripts/build-server.mjs'],
  },
  {
    name: 'the operator workspace (web/)',
    web: true,
    stamp: 'web/dist/index.html',
    sources: ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'contracts'],
    tool: 'node_modules/vite/bin/vite.js',
    args: ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
  },
  {
    name: 'the web widget (widget/)',
    web: true,
    stamp: 'widget/dist/widget.js',
    sources: ['widget/src', 'contracts', 'scripts/build-widget.mjs'],
    tool: 'node_modules/esbuild/package.json',
    args: ['scripts/build-widget.mjs'],
  },
];

/** Newest modification time under p; tests do not count (they are not part of a build). */
function newest(p) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return /\.test\.tsx?$/.test(p) ? 0 : st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newest(path.join(p, n))));
}

const serverOnly = process.argv.includes('--server');
for (const b of builds) {
  if (serverOnly && b.web) continue;
  const built = fs.statSync(at(b.stamp), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built >= Math.max(...b.sources.map((s) => newest(at(s))))) continue;
  if (!fs.existsSync(at(b.tool))) {
    if (built) continue; // installed without dev tools: use the build that ships
    console.error(`${b.name} is not built and ${b.tool} is missing: run \`npm install\` (with dev dependencies) first.`);
    process.exit(1);
  }
  console.error(`Building ${b.name}…`);
  // Progress on stderr: the CLI's stdout is its answer.
  const r = spawnSync(process.execPath, b.args, { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
