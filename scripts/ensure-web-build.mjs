// `npm start` runs this first: builds the operator workspace (web/) when its build is missing or
// older than its sources, so `npm install && npm start` is all a fresh machine needs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'web/dist/index.html');
const sources = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'contracts'].map((p) => path.join(root, p));

function newest(p) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newest(path.join(p, n))));
}

const built = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (built >= Math.max(...sources.map(newest))) process.exit(0);
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
if (!fs.existsSync(vite)) {
  if (built) process.exit(0); // installed without dev tools: serve the build that ships
  console.error('The web app is not built and Vite is missing: run `npm install` (with dev dependencies) first.');
  process.exit(1);
}
console.log('Building the operator workspace (web/)…');
const r = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
