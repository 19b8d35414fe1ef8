import { defineConfig } from 'vitest/config';

// Relative URLs: the server serves the console under /realms/{realm}/provisioning/console/, and the same bundle
// is meant to be mounted elsewhere later.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    testTimeout: 20000,
  },
});
