// Built files go to dist/, which the gateway's build embeds (gateway/src/api/embed_dashboard.cmake).
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The gateway embeds every file: no source maps in the binary.
    sourcemap: false,
    // One small bundle; the CSP forbids inline scripts, so no inlined module preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true } },
  },
});
