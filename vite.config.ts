/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CSP, CSP_HEADER_ONLY } from './scripts/csp.mjs';
import { pthreadPoolPlugin } from './scripts/pthreadPool.mjs';
import { prestartEntryPlugin } from './scripts/prestartEntry.mjs';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The built page carries the Content-Security-Policy as a <meta> (any static host), and `vite preview`
// sends it as a header (which also covers the workers). The dev server has none: its React refresh
// preamble is an inline script.
const cspMeta = {
  name: 'csp-meta',
  apply: 'build' as const,
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP },
      injectTo: 'head-prepend' as const,
    },
  ],
};

export default defineConfig({
  // pthreadPoolPlugin: tfjs-wasm's threaded loader starts only the pthread workers it needs (load time).
  // prestartEntryPlugin: the engine worker starts before the app's bundle has loaded (time to first step).
  plugins: [react(), cspMeta, pthreadPoolPlugin(), prestartEntryPlugin()],
  server: { headers: isolation, port: 5173 },
  preview: { headers: { ...isolation, 'Content-Security-Policy': CSP + CSP_HEADER_ONLY }, port: 4173 },
  worker: { format: 'es', plugins: () => [pthreadPoolPlugin()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // Generous on purpose: pass/fail must not depend on wall time on a busy 2-core machine
          // (the slowest unit file takes ~20 s quiet; 300 s leaves room for a slow, loaded one).
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 400_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
