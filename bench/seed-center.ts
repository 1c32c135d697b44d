import { openStorage } from '../server/storage/db';
import { buildApiToken, buildBot, buildBusiness, buildChannel, buildSession, buildUser, UNLIMITED_TOKENS } from '../test/factories';

/**
 * A contact center for the socket benches, straight in the server's database: a business with an API
 * channel and an admin token (no rate limit), and `operators` operators signed in once each.
 */
export async function seedCenter(databaseUrl: string, o: { name: string; operators: number }) {
  const storage = openStorage(databaseUrl);
  try {
    return await storage.db.transaction().execute(async (tx) => {
      const business = await buildBusiness(tx, { name: o.name, settings: UNLIMITED_TOKENS });
      const bot = await buildBot(tx, { businessId: business.id });
      const channel = await buildChannel(tx, { businessId: business.id, botId: bot.id });
      const token = await buildApiToken(tx, { businessId: business.id, roles: ['admin'] });
      const cookies: string[] = [];
      for (let i = 0; i < o.operators; i++) {
        const user = await buildUser(tx, { businessId: business.id, roles: ['operator'], name: `Operator ${i}` });
        cookies.push((await buildSession(tx, { userId: user.id, businessId: business.id, ttlMs: 86_400_000 })).cookie);
      }
      return { businessId: business.id, channelId: channel.id, token: token.secret, cookies };
    });
  } finally {
    await storage.close();
  }
}
