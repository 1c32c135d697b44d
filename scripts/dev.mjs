// `npm run dev`: the server (restarted on change) and Vite's dev server with hot reload, which
// proxies /api and the socket to it. Open http://localhost:5173.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '3000';
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/main.ts'], { stdio: 'inherit', env: { ...process.env, PORT: port } }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--config', 'web/vite.config.ts'], {
    stdio: 'inherit',
    env: { ...process.env, METADESK_API: `http://127.0.0.1:${port}` },
  }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
for (const c of children)
  c.once('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
