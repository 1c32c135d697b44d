// Command-line administration: `npm run cli -- <command> [flags]`. Reads the same configuration as the server.
import { loadConfig } from './config';
import { createRuntime } from './compose';
import { OWNER_CREATE_USAGE, runOwnerCreate } from './accounts/owner-command';
import { runSimulateCommand, SIMULATE_USAGE } from './routing/index';
import { REBUILD_USAGE, runRebuildCommand } from './reports/index';

const COMMANDS = ['owner:create', 'routing:simulate', 'reports:rebuild'] as const;

function usage(): string {
  return `usage: npm run cli -- <command>\n\ncommands:\n  ${OWNER_CREATE_USAGE}\n  ${SIMULATE_USAGE}\n  ${REBUILD_USAGE}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || !(COMMANDS as readonly string[]).includes(command)) {
    process.stderr.write(command && command !== '--help' ? `unknown command: ${command}\n\n${usage()}` : usage());
    return command && command !== '--help' ? 2 : 0;
  }
  const config = loadConfig();
  const runtime = await createRuntime(config);
  try {
    const print = (line: string) => process.stdout.write(`${line}\n`);
    if (command === 'routing:simulate') await runSimulateCommand(runtime.ctx, rest, print);
    else if (command === 'reports:rebuild') await runRebuildCommand(runtime.ctx, rest, print);
    else await runOwnerCreate(runtime.ctx, rest, process.env, print);
    return 0;
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
