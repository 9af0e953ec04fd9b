// The end-to-end suite: the product started as `npm start` starts it, real SMTP,
// the system Chromium. `npm run test:e2e`. Files run one after another (2 cores).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['widget/e2e/journeys/**/*.test.ts'],
    fileParallelism: false,
    // One product and one Chromium per file, started in beforeAll.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
