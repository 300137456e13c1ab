import { defineConfig } from "vitest/config";

// Pact's usage statistics stay off, also for a bare `npm test` outside .ci/run.
process.env.PACT_DO_NOT_TRACK ??= "true";

/** Provider verification: the emulator against every pact in contracts/pacts/ (run after the consumer tests). */
export default defineConfig({
  test: {
    include: ["contracts/provider/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    env: { PACT_DO_NOT_TRACK: process.env.PACT_DO_NOT_TRACK },
  },
});
