import { findBusinessByName } from '../accounts/index';
import { widgetKeyOfBusiness } from '../channels/index';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { DEMO_BUSINESS } from './seed-demo';

/**
 * The page: a plain site with the snippet, as a customer would paste it. Scripts only from this
 * server; inline styles allowed for the widget's fallback stylesheet (sites with a stricter policy
 * get its constructable stylesheet, which a policy does not govern).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "media-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function page(publicUrl: string, key: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo shop — Metadesk widget</title>
</head>
<body style="font-family: Georgia, serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #222">
<h1>Pottery &amp; Support</h1>
<p>This page is any customer's site. The chat in the corner is Metadesk's web widget, put here by one tag:</p>
<pre style="white-space: pre-wrap; background: #f4f1ea; padding: 1rem">&lt;script src="${publicUrl}/widget.js" data-key="${key}" async&gt;&lt;/script&gt;</pre>
<p>Write to it: the demo's support bot answers, and "talk to a human" hands you to the operators, who answer from the workspace at <a href="/">/</a>.</p>
<script src="/widget.js" data-key="${key}" async></script>
</body>
</html>`;
}

/** `/demo/widget`: the demo business's web chat on a page of its own (`npm run demo` makes it). */
export function demoWidgetRoutes(app: App, ctx: AppContext): void {
  app.get('/demo/widget', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    const business = await findBusinessByName(ctx.db, DEMO_BUSINESS);
    const key = business !== null ? await widgetKeyOfBusiness(ctx.db, business) : null;
    if (!key) return reply.status(404).type('text/plain').send('There is no demo business with a web widget here: start the server with `npm run demo`.');
    return reply
      .header('content-security-policy', CSP)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(page(ctx.config.PUBLIC_URL, key));
  });
}
