import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', 'data/**', 'tmp/**'],
    environment: 'node',
    setupFiles: ['lib/testing/test-secrets.ts'],
    // db/index.ts guards against client bundles; in tests the server condition applies.
    server: { deps: { inline: [] } },
    alias: { 'server-only': path.resolve(import.meta.dirname, 'lib/testing/server-only-stub.ts') },
  },
});
