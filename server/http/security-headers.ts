import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { Config } from '../config';

/**
 * The policy of every answer that is not a page: JSON (errors included), files, metrics. Nothing may
 * run, load or frame it. Pages replace it with their own: the web app (web-app.routes.ts, with a
 * per-response style nonce) and the API reference (DOCS_CSP).
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The one inline style element of Swagger UI: the colours of its logo's SVG (the standalone preset
 * renders it with React). Allowed by its hash, so nothing else inline is.
 */
const SWAGGER_LOGO_STYLE = '.logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}';

/**
 * The API reference (Swagger UI from @fastify/swagger-ui): its page has no inline script, it loads
 * its bundle, preset and initializer from /api/docs/static and the OpenAPI document from /api/docs/json,
 * so scripts, styles and requests come from this server only. Its stylesheet draws icons as data: SVGs.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' 'sha256-${crypto.createHash('sha256').update(SWAGGER_LOGO_STYLE).digest('base64')}'`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** One year, the value HSTS preload lists ask for. */
const HSTS_MAX_AGE = 365 * 24 * 60 * 60;

/** Behind HTTPS when the address people reach the server at is https:// (PUBLIC_URL). */
export function behindHttps(config: Pick<Config, 'PUBLIC_URL'>): boolean {
  return config.PUBLIC_URL.startsWith('https://');
}

/**
 * Security headers for every answer, as one raw middleware built once (@fastify/helmet rebuilt it on
 * every request, a tenth of the CPU of an inbound message): helmet's set, the API policy, and
 * Strict-Transport-Security only behind HTTPS (over plain HTTP it would pin a name to HTTPS that
 * does not serve it).
 */
export function securityHeaders(config: Pick<Config, 'PUBLIC_URL'>): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const base = helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: behindHttps(config) ? { maxAge: HSTS_MAX_AGE, includeSubDomains: true } : false,
  });
  return (req, res, next) => {
    res.setHeader('content-security-policy', API_CSP);
    base(req, res, next);
  };
}
