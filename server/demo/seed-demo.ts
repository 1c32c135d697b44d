import type { AppContext } from '../context';

/** Creates the demo business (filled in by the demo issue work). */
export async function seedDemo(ctx: AppContext): Promise<void> {
  ctx.log.warn('demo seed not built yet');
}
