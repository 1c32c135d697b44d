// Starts the CRM integration example:
//   METADESK_URL=https://desk.example.com METADESK_TOKEN=… WEBHOOK_SECRET=… PORT=8787 npx tsx examples/crm-integration/main.ts
import type { AddressInfo } from 'node:net';
import { createMetadeskClient } from '../../client/index';
import { createWebhookServer, WEBHOOK_PATH } from './crm-integration';

interface Config {
  metadeskUrl: string;
  token: string;
  webhookSecret: string;
  port: number;
}

/** Reads the environment once; a missing or wrong value stops the start with a message naming the variable. */
function loadConfig(env: NodeJS.ProcessEnv): Config {
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const metadeskUrl = required('METADESK_URL');
  if (!URL.canParse(metadeskUrl) || !['http:', 'https:'].includes(new URL(metadeskUrl).protocol)) {
    throw new Error(`METADESK_URL must be an http(s) address, not "${metadeskUrl}"`);
  }
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  return { metadeskUrl, token: required('METADESK_TOKEN'), webhookSecret: required('WEBHOOK_SECRET'), port };
}

let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

const metadesk = createMetadeskClient({ baseUrl: config.metadeskUrl, token: config.token });
const server = createWebhookServer({ metadesk, webhookSecret: config.webhookSecret });
server.listen(config.port, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`crm-integration listening on http://localhost:${port}${WEBHOOK_PATH}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
