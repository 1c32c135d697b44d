import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { App } from './app-type';
import { markRoutesPublic } from './auth';
import { PROJECT_ROOT } from '../paths';

const DIST = path.join(PROJECT_ROOT, 'web/dist');
/** Client-side routes of the workspace: each answers with the app's page. */
const APP_PATHS = ['/', '/inbox', '/inbox/*', '/leads/*', '/login', '/setup', '/set-password'];

/**
 * The page's policy: scripts and styles only from this server (no inline scripts at all); the one
 * exception is style elements carrying this response's nonce, which the UI library's scroll lock
 * inserts. Images may also be data: and blob: (pasted screenshots before upload) and https: (pictures
 * a bot sends by URL, shown as the lead saw them).
 */
function csp(nonce?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self'",
    "img-src 'self' data: blob: https:",
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * The operator workspace (web/dist, built by `npm start` or `npm run build:web`): hashed assets
 * cached for a year, the page itself never cached, with a strict Content-Security-Policy.
 */
export async function webAppRoutes(app: App): Promise<void> {
  const indexFile = path.join(DIST, 'index.html');
  if (!fs.existsSync(indexFile)) {
    app.log.warn({ dist: DIST }, 'the web app is not built: run `npm run build:web` (npm start does it)');
    return;
  }
  const page = fs.readFileSync(indexFile, 'utf8');
  // The page and its files are public: the sign-in screen is part of them.
  await app.register(async (scope) => {
    markRoutesPublic(scope);
    await webAppScope(scope, page);
  });
}

/** The static files and the client-side routes answering with the page (registered in a public scope). */
async function webAppScope(app: FastifyInstance, page: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: DIST,
    prefix: '/',
    index: false,
    wildcard: false,
    serveDotFiles: false,
    setHeaders(res, file) {
      const hashed = file.startsWith(path.join(DIST, 'assets') + path.sep);
      res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      // A worker runs under its script's own policy: the service worker gets the page's (the API's
      // 'none' would stop its fetches); other files keep the API's, under which nothing in them runs.
      if (file.endsWith('sw.js')) res.header('service-worker-allowed', '/').header('content-security-policy', csp());
    },
  });
  const sendPage = (reply: FastifyReply) => {
    const nonce = crypto.randomBytes(16).toString('base64');
    return reply
      .header('content-security-policy', csp(nonce))
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(page.replaceAll('__CSP_NONCE__', nonce));
  };
  for (const url of APP_PATHS) {
    app.get(url, { schema: { hide: true } }, async (_req, reply) => sendPage(reply));
  }
}
