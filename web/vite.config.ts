import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.VIGIL_API ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The shared domain rules are compiled straight from source, so the web and server run the very same code.
    alias: { '@vigil/shared': path.resolve(__dirname, '../shared/src/index.ts') },
  },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/healthz': api,
      '/readyz': api,
      '/api': api,
      '/status/feed.atom': api,
    },
  },
  // The manifest tells the server which stylesheet the status page's chunk needs (server/src/http/web-shell.ts).
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 800, manifest: true },
});
