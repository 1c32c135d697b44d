import { z } from 'zod';

/** Every setting Metadesk reads from the environment, parsed once at start. */
const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    /** `sqlite:./data/metadesk.db` (default, embedded) or `postgres://user@host/db`. */
    DATABASE_URL: z
      .string()
      .default('sqlite:./data/metadesk.db')
      .refine((v) => v.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(v), 'must start with sqlite: or postgres://'),
    /** Optional; when set, events fan out across processes through Redis, and API-token rate limits are counted there. */
    REDIS_URL: z.string().url().optional(),
    /**
     * The Redis pub/sub channel for events. Pub/sub ignores the database number, so deployments that
     * share one Redis need a channel each. The rate-limit counters' keys start with it too.
     */
    REDIS_CHANNEL: z.string().min(1, 'must not be empty').default('metadesk:events'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Mark the session cookie Secure (set behind HTTPS). */
    COOKIE_SECURE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /** Behind a reverse proxy: take the client address from X-Forwarded-For (login throttling is per address). */
    TRUST_PROXY: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .default(24 * 14),
    /** Outgoing webhooks may target private and loopback addresses (self-hosted CRMs on the LAN). */
    WEBHOOK_ALLOW_PRIVATE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /** Businesses' SMTP servers may be on private and loopback addresses (a mail relay on the LAN or this host). */
    SMTP_ALLOW_PRIVATE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /**
     * Worker threads that run businesses' bot JavaScript. Unset: the cores, 2 to 4 — at least two, so
     * one runaway script (held until it is stopped) never makes every other lead's bot wait.
     */
    SANDBOX_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    /** Keep the realtime event log this many days; a client away longer is told to reload. */
    EVENT_RETENTION_DAYS: z.coerce.number().positive().default(7),
    /** Files the server keeps besides the database (uploaded attachments, under attachments/). */
    DATA_DIR: z.string().min(1).default('./data'),
    /**
     * Set: /metrics answers only `Authorization: Bearer <this>` (from any address). Unset: only direct
     * connections from this machine (loopback, not forwarded by a proxy).
     */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * The address people and webhooks reach this server at, for absolute links (attachment downloads
     * sent to webhooks). Unset: http://localhost:<PORT>, right only for a server on this machine.
     * An https:// address also tells the server it is behind HTTPS: answers then carry HSTS.
     */
    PUBLIC_URL: z
      .string()
      .url()
      .refine((v) => /^https?:\/\//.test(v), 'must start with http:// or https://')
      .optional(),
    /**
     * Where the Telegram Bot API is: Telegram's own servers, or a self-hosted telegram-bot-api server
     * (which also accepts http:// webhook addresses); tests point it at a local stand-in.
     */
    TELEGRAM_API_ROOT: z
      .string()
      .url()
      .refine((v) => /^https?:\/\//.test(v), 'must start with http:// or https://')
      .default('https://api.telegram.org')
      .transform((v) => v.replace(/\/+$/, '')),
  })
  .transform((c) => ({ ...c, PUBLIC_URL: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '') }));

export type Config = z.infer<typeof ConfigSchema>;

/** Parses the environment; a wrong value fails fast with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
