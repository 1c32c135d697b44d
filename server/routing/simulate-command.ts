import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { SimulationBody } from '../../contracts/simulation';
import type { AppContext } from '../context';
import { runSimulation } from './simulation';

export const SIMULATE_USAGE =
  'routing:simulate --business <id> --request <file.json | ->\n' +
  '  the request is the body of POST /api/v1/routing/simulations (docs/routing.md); prints the report as JSON';

/**
 * `routing:simulate`: the routing simulator from the command line, for one business, as its
 * administrator would run it over the API (same request, same report).
 */
export async function runSimulateCommand(ctx: Pick<AppContext, 'db' | 'clock' | 'sandbox'>, args: string[], print: (text: string) => void): Promise<void> {
  const { values } = parseArgs({ args, strict: true, options: { business: { type: 'string' }, request: { type: 'string' } } });
  const businessId = Number(values.business);
  if (!Number.isInteger(businessId) || businessId < 1) throw new Error(`--business: a business id\nusage: ${SIMULATE_USAGE}`);
  if (!values.request) throw new Error(`--request: a JSON file, or - for standard input\nusage: ${SIMULATE_USAGE}`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(values.request === '-' ? 0 : values.request, 'utf8'));
  } catch (err) {
    throw new Error(`--request: ${err instanceof Error ? err.message : String(err)}`);
  }
  const body = SimulationBody.safeParse(json);
  if (!body.success) throw new Error(`--request: ${body.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('\n')}`);
  const result = await runSimulation(ctx, { kind: 'system', businessId, reason: 'router' }, body.data);
  print(JSON.stringify(result, null, 2));
}
