// A flame graph (SVG) of a V8 CPU profile, for docs/benchmarks.md: each box is a function on the
// stack, as wide as the busy time spent in it and what it called, coloured by the hot path's stage
// (bench/profile-stages.ts). Idle time and start-up (loading modules) are left out.
//   tsx bench/flamegraph.ts <file.cpuprofile|dir> <out.svg> [--title "…"]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { mainThreadProfile, stageOfNodes, STAGES, type CpuProfile, type Stage } from './profile-stages';

const WIDTH = 1200;
const ROW = 16;
/** Boxes narrower than this (px) are not drawn: they would be unreadable and bloat the file. */
const MIN_PX = 0.5;

const COLOURS: Record<Stage, string> = {
  parse: '#f2c14e',
  authenticate: '#f78154',
  validate: '#e4572e',
  transaction: '#4d9de0',
  event: '#7768ae',
  'fan-out': '#3bb273',
  respond: '#e1bc29',
  framework: '#c9a227',
  'metrics+logs': '#999999',
  gc: '#555555',
  startup: '#dddddd',
  other: '#bbbbbb',
};

const escape = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

export function flamegraph(profile: CpuProfile, title: string): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const stage = stageOfNodes(profile);
  // Busy time per node (own samples), then summed up the tree.
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    const name = byId.get(id)?.callFrame.functionName;
    if (name === '(idle)' || name === '(program)' || stage.get(id) === 'startup') return;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = new Map<number, number>();
  const sum = (id: number): number => {
    const node = byId.get(id)!;
    const t = (self.get(id) ?? 0) + (node.children ?? []).reduce((a, c) => a + sum(c), 0);
    total.set(id, t);
    return t;
  };
  const root = profile.nodes[0]!;
  const all = sum(root.id);
  const scale = WIDTH / Math.max(all, 1);
  let depthMax = 0;
  const boxes: string[] = [];
  const draw = (id: number, x: number, depth: number) => {
    const w = (total.get(id) ?? 0) * scale;
    if (w < MIN_PX) return;
    depthMax = Math.max(depthMax, depth);
    const node = byId.get(id)!;
    const f = node.callFrame;
    const label = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/node_modules\//, '').replace(/^.*\/(server|bench|test)\//, '$1/')}`;
    const ms = (total.get(id) ?? 0) / 1000;
    const text = w > 40 ? `<text x="${(x + 3).toFixed(1)}" y="${-depth * ROW - 4}">${escape(label.slice(0, Math.floor(w / 7)))}</text>` : '';
    boxes.push(
      `<g><title>${escape(label)}: ${ms.toFixed(0)} ms (${((100 * (total.get(id) ?? 0)) / all).toFixed(1)}%)</title>` +
        `<rect x="${x.toFixed(1)}" y="${-(depth + 1) * ROW}" width="${w.toFixed(1)}" height="${ROW - 1}" fill="${COLOURS[stage.get(id) ?? 'other']}"/>${text}</g>`,
    );
    let cx = x;
    for (const c of node.children ?? []) {
      draw(c, cx, depth + 1);
      cx += (total.get(c) ?? 0) * scale;
    }
  };
  draw(root.id, 0, 0);
  const height = (depthMax + 1) * ROW + 60;
  const legend = STAGES.filter((s) => s !== 'startup')
    .map(
      (s, i) =>
        `<rect x="${i * 100}" y="${-height + 22}" width="10" height="10" fill="${COLOURS[s]}"/><text x="${i * 100 + 14}" y="${-height + 31}">${s}</text>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 ${-height} ${WIDTH} ${height}" font-family="monospace" font-size="11">`,
    `<text x="0" y="${-height + 14}" font-size="13">${escape(title)} — ${(all / 1000).toFixed(0)} ms busy</text>`,
    legend,
    ...boxes,
    '</svg>',
  ].join('\n');
}

if (process.argv[1]?.endsWith('flamegraph.ts')) {
  const { values, positionals } = parseArgs({ options: { title: { type: 'string' } }, allowPositionals: true });
  const [input, out] = positionals;
  if (!input || !out) throw new Error('usage: tsx bench/flamegraph.ts <file.cpuprofile|dir> <out.svg> [--title "…"]');
  const profile = fs.statSync(input).isDirectory() ? mainThreadProfile(input) : (JSON.parse(fs.readFileSync(input, 'utf8')) as CpuProfile);
  fs.writeFileSync(out, flamegraph(profile, values.title ?? input));
}
