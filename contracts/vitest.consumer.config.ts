import { defineConfig } from "vitest/config";

// Pact's usage statistics stay off, also for a bare `npm test` outside .ci/run.
process.env.PACT_DO_NOT_TRACK ??= "true";

/**
 * Consumer tests: the reference client against Pact mock servers. They (re)write
 * contracts/pacts/*.json, one test file after another (every file adds to the same pact).
 */
export default defineConfig({
  test: {
    include: ["contracts/consumer/**/*.test.ts"],
    environment: "node",
    globalSetup: ["contracts/clean-pacts.ts"],
    fileParallelism: false,
    testTimeout: 20_000,
    env: { PACT_DO_NOT_TRACK: process.env.PACT_DO_NOT_TRACK },
  },
});
