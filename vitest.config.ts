import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const env = {
  AWS_REGION: 'ap-southeast-3',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_DEV: 'false',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

// The global setups (DynamoDB Local, the e2e stacks) run in vitest's own process, not in the
// workers that get `test.env`: the SDK's Node 22 notice must be silenced there too.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    env,
    // vitest's default is one worker fewer than the cores: a single worker on a 2-core machine.
    // The e2e and browser files spend most of their time waiting on other processes (the local
    // stack, DynamoDB Local, Chromium), so a single worker leaves the cores half idle. On 2 quiet
    // cores three workers ran the whole suite in 405 s, 1.75 files at a time on average.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/fuzz/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // One local stack for the files that need none of their own (test/support/shared-local-stack.ts).
          globalSetup: ['test/support/e2e-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // Pages in a real headless Chromium against the local stack (test/support/browser.ts).
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Each file runs a local stack and a browser: one file at a time keeps a small machine responsive.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
