/**
 * Starts Simpul the way a developer does (`wrangler dev` with local D1, Queues and Workflows) on a
 * fresh state directory, migrated and seeded, for the browser tests. Stops it afterwards.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "node_modules", ".bin");
const run = promisify(execFile);

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** Null when no Chromium is installed and this is not CI: the browser tests are skipped. */
    chromiumPath: string | null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet: try again shortly.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`wrangler dev did not answer /healthz within 90 s:\n${log()}`);
}

export default async function setup(project: TestProject) {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    if (process.env.CI) throw new Error(`Chromium not found at ${chromium}; .ci/run installs Debian's chromium`);
    console.warn(`Browser tests skipped: no Chromium at ${chromium} (apt-get install chromium)`);
    project.provide("chromiumPath", null);
    project.provide("baseUrl", "");
    return;
  }
  const state = mkdtempSync(path.join(os.tmpdir(), "simpul-browser-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  await run(path.join(BIN, "wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
    cwd: ROOT,
    env: { ...process.env, CI: "true" },
  });
  await run(path.join(BIN, "tsx"), ["scripts/seed.ts", "--persist-to", state], { cwd: ROOT });

  // wrangler dev reloads whenever a watched file changes, losing queued mail and Workflow progress
  // mid-test; it has no switch to stop watching, so it serves a copy of the sources.
  const app = path.join(state, "app");
  for (const entry of ["workers", "schema", "wrangler.toml", "package.json", "tsconfig.json"]) {
    cpSync(path.join(ROOT, entry), path.join(app, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(app, "node_modules"));

  let output = "";
  const child = spawn(
    path.join(BIN, "wrangler"),
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      state,
      "--var",
      `PUBLIC_BASE_URL:${baseUrl}`,
      // A fresh clone has no .dev.vars: these local-only secrets stand in (production refuses "local-").
      "--var",
      "HASH_KEY:local-browser-test-hash-key",
      "--var",
      "SIGNING_KEY:local-browser-test-signing-key",
      "--show-interactive-dev-session=false",
      "--inspector-port",
      String(await freePort()),
    ],
    {
      cwd: app,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      // Offline: the placeholder request.cf, not a failing fetch of Cloudflare's.
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    },
  );
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const stop = async () => {
    // The whole process group: wrangler dev runs workerd as a child of its own.
    if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }

  project.provide("baseUrl", baseUrl);
  project.provide("chromiumPath", chromium);
  return stop;
}
