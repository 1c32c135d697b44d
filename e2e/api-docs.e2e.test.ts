import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type ServerProcess } from '../test/server-process';
import { browserAvailable, launch } from './browser';

// The API reference (Swagger UI) works under its strict Content-Security-Policy: it renders the
// operations and the browser reports no violation (no inline script, style or eval is needed).
describe.runIf(browserAvailable())('the API reference in a browser', () => {
  let server: ServerProcess;
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-e2e-'));
    [server, browser] = await Promise.all([startServer({ DATABASE_URL: `sqlite:${path.join(dir, 'md.db')}`, DATA_DIR: dir }), launch()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders the operations with no CSP violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    const answer = await page.goto(`${server.url}/api/docs`);
    expect(answer?.headers()['content-security-policy']).toMatch(/script-src 'self';/);
    await page.getByText('/api/v1/auth/login').first().waitFor();
    await page.getByText('/healthz').first().click();
    await page.getByRole('button', { name: 'Try it out' }).first().click();
    await page.getByRole('button', { name: 'Execute' }).first().click();
    await page.getByText('"ok": true').first().waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });
});
