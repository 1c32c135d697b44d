import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { openStorage } from '../server/storage/db';
import { buildApiToken, buildBot, buildBusiness, buildChannel } from '../test/factories';
import { startServer } from '../test/server-process';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
const url = `sqlite:${path.join(dir, 'b.db')}`;
const server = await startServer({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
const st = openStorage(url);
const b = await buildBusiness(st.db); const bot = await buildBot(st.db, { businessId: b.id });
const ch = await buildChannel(st.db, { businessId: b.id, botId: bot.id }); const tok = await buildApiToken(st.db, { businessId: b.id });
await st.close();
const t0 = performance.now();
for (let i = 0; i < 300; i++) {
  const r = await fetch(`${server.url}/api/v1/channels/${ch.id}/inbound`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tok.secret}` }, body: JSON.stringify({ lead: { messengerId: `l${i % 50}` }, message: { clientMessageId: `c${i}`, text: 'hi' } }) });
  await r.text();
}
console.log('per request ms', (performance.now() - t0) / 300);
await server.stop();
