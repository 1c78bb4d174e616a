import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Request logs only for failing tests: they are the first thing to read when one fails.
    silent: "passed-only",
    projects: [
      {
        plugins: [
          cloudflareTest(async () => {
            const migrations = await readD1Migrations(path.join(import.meta.dirname, "schema/migrations"));
            return {
              main: "./workers/index.ts",
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                // Test-only secrets and the migrations the setup file applies.
                bindings: {
                  ENVIRONMENT: "test",
                  HASH_KEY: "test-hash-key-0123456789",
                  SIGNING_KEY: "test-signing-key-0123456789",
                  TEST_MIGRATIONS: migrations,
                  // Generated cases per route in test/fuzz (default 1,000).
                  FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
                },
              },
            };
          }),
        ],
        test: {
          name: "workers",
          setupFiles: ["./test/setup.ts"],
          include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
        },
      },
      {
        // Browser tests: headless Chromium with JavaScript off against `wrangler dev` on a fresh local state.
        test: {
          name: "browser",
          environment: "node",
          include: ["test/browser/**/*.browser.ts"],
          globalSetup: ["./test/browser/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
