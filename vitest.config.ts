import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // One copy of graphql: without this, ESM and CJS copies load ("another module or realm").
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    reporters: ["default", "./testing/summary-reporter.ts"],
    include: ["shared/**/*.test.ts", "subgraphs/**/*.test.ts", "gateway/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
    setupFiles: ["./testing/setup.ts"],
    // One temporary folder per run, removed at its end (testing/temp-root.ts).
    globalSetup: ["./testing/temp-root.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
