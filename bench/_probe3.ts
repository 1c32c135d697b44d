import Database from 'better-sqlite3';
const stats = new Map<string, { n: number; t: number }>();
const S = (Database as any).prototype.prepare;
(Database as any).prototype.prepare = function (sql: string) {
  const st = S.call(this, sql);
  for (const m of ['all', 'run', 'get']) { const f = st[m].bind(st); st[m] = (...a: any[]) => { const t = performance.now(); try { return f(...a); } finally { const e = stats.get(sql) ?? { n: 0, t: 0 }; e.n++; e.t += performance.now() - t; stats.set(sql, e); } }; }
  return st;
};
await import('./_probe2');
const arr = [...stats.entries()].sort((a, b) => b[1].t - a[1].t).slice(0, 15);
for (const [k, v] of arr) console.log(v.t.toFixed(0).padStart(6), String(v.n).padStart(6), (v.t / v.n * 1000).toFixed(0).padStart(5) + 'us', k.slice(0, 150));
