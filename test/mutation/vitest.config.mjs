// The vitest run Stryker uses for each mutant (see stryker.config.json): only the engine
// tests, which exercise src/engine (and src/runtime) directly and run in a few seconds.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/engine/**/*.test.ts', 'test/runtime/**/*.test.ts'],
  },
});
