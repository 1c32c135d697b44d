// The operator workspace: built into web/dist and served by the Metadesk server at /.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const api = process.env.METADESK_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: { alias: { '@contracts': here('../contracts') } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // No inline scripts or styles: the server's CSP allows only files from its own origin.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    // One first-screen chunk on purpose (splitting measured: under 3 KB saved); its budget is checked by bench:web.
    chunkSizeWarningLimit: 700,
  },
  server: {
    // `npm run dev`: hot reload here, the API and the socket proxied to the server.
    proxy: { '/api': { target: api, ws: true }, '/healthz': api },
  },
});
