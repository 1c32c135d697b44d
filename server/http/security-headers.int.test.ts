// Content-Security-Policy on every kind of answer, and HSTS only behind HTTPS. Headers do not
// depend on the database, so this runs on SQLite only.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import type { App } from './app-type';

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The policy's directives by name: `{ 'script-src': ["'self'"] }`. */
function directives(header: string | string[] | number | undefined): Record<string, string[]> {
  expect(typeof header, 'a content-security-policy header').toBe('string');
  const out: Record<string, string[]> = {};
  for (const part of String(header).split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

describe('security headers', () => {
  let app: App;
  useTestApp('sqlite', (r) => ({ app } = r));

  it('gives JSON API answers, errors included, a policy that allows nothing', async () => {
    for (const url of ['/healthz', '/api/openapi.json', '/api/v1/me', '/api/v1/no-such-route']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.headers['content-type'], url).toMatch(/^application\/json/);
      expect(r.headers['content-security-policy'], url).toBe(API_CSP);
    }
  });

  it('serves the API docs page under a policy with no inline or eval scripts, and every script it loads is served', async () => {
    for (const url of ['/api/docs', '/api/docs/', '/api/docs/static/', '/api/docs/static/oauth2-redirect.html']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      const csp = directives(r.headers['content-security-policy']);
      expect(csp['script-src'], url).toEqual(["'self'"]);
      expect(csp['default-src'], url).toEqual(["'none'"]);
      expect(csp['frame-ancestors'], url).toEqual(["'none'"]);
      expect(csp['object-src'] ?? csp['default-src'], url).toEqual(["'none'"]);
      expect(String(r.headers['content-security-policy']), url).not.toMatch(/unsafe-inline|unsafe-eval/);
      // Every script element loads a file (none is inline), and the file is ours.
      const scripts = [...r.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length, url).toBeGreaterThan(0);
      for (const [, attrs = '', inline = ''] of scripts) {
        expect(inline.trim(), `${url}: inline script`).toBe('');
        const src = /src="([^"]+)"/.exec(attrs)?.[1];
        expect(src, `${url}: script without src`).toBeTruthy();
        const file = new URL(src!, `http://x${url.endsWith('/') || url.endsWith('.html') ? url : `${url}/`}`).pathname;
        const js = await app.inject({ method: 'GET', url: file });
        expect(js.statusCode, file).toBe(200);
        expect(js.headers['content-type'], file).toMatch(/javascript/);
      }
    }
  });

  it('keeps the web app page its own per-response policy with a style nonce', async () => {
    const r = await app.inject({ method: 'GET', url: '/' });
    if (r.statusCode === 404) return; // web/dist not built: nothing to check here (e2e/first-run checks it)
    const csp = directives(r.headers['content-security-policy']);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']?.some((v) => v.startsWith("'nonce-"))).toBe(true);
    const again = await app.inject({ method: 'GET', url: '/' });
    expect(again.headers['content-security-policy']).not.toBe(r.headers['content-security-policy']);
  });

  it('gives the service worker the page policy (the API one would stop its fetches)', async () => {
    const r = await app.inject({ method: 'GET', url: '/sw.js' });
    if (r.statusCode === 404) return;
    const csp = directives(r.headers['content-security-policy']);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
  });

  it('sends no Strict-Transport-Security when the server is not told it is behind HTTPS', async () => {
    for (const url of ['/healthz', '/api/docs', '/api/v1/nope']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.headers['strict-transport-security'], url).toBeUndefined();
    }
  });
});

describe('security headers behind HTTPS (PUBLIC_URL is https://)', () => {
  let app: App;
  useTestApp('sqlite', (r) => ({ app } = r), { PUBLIC_URL: 'https://desk.example.com' });

  it('sends Strict-Transport-Security on every answer', async () => {
    for (const url of ['/healthz', '/api/docs', '/api/v1/nope', '/']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.headers['strict-transport-security'], url).toMatch(/^max-age=\d{7,}/);
    }
  });
});
