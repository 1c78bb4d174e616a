/**
 * `npm run create-admin -- --email kominfo@beraukab.go.id [--name "Admin Diskominfo"] [--remote] [--base-url https://…]`
 *
 * Makes the address an active administrator (creating the official if needed) in the local D1, or
 * in production with `--remote`, and prints a one-time sign-in link valid for 15 minutes. Run it
 * again for a fresh link; afterwards the administrator signs in at /masuk like everyone else.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as z from "zod";
import { FIRST_ADMIN_LINK_MINUTES, firstAdminPlan, wranglerVars } from "./first-admin";
import { toSqlScript } from "./seed-sql";

const ROOT = path.resolve(import.meta.dirname, "..");
const WRANGLER = path.join(ROOT, "node_modules", ".bin", "wrangler");
const USAGE = 'Usage: npm run create-admin -- --email <address> [--name "<name>"] [--remote] [--base-url <url>]';

function run(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(WRANGLER, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  let values: { email?: string; name?: string; remote?: boolean; "base-url"?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        email: { type: "string" },
        name: { type: "string", default: "Administrator" },
        remote: { type: "boolean", default: false },
        "base-url": { type: "string" },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const email = z.email().safeParse(values.email);
  if (!email.success) {
    console.error(`--email must be an e-mail address.\n${USAGE}`);
    return 2;
  }
  const vars = wranglerVars(await readFile(path.join(ROOT, "wrangler.toml"), "utf8"));
  const base = (values["base-url"] ?? vars.publicBaseUrl).replace(/\/+$/, "");
  const plan = firstAdminPlan({
    email: email.data,
    name: values.name ?? "Administrator",
    regencyCode: vars.regencyCode,
    now: new Date(),
  });
  const dir = await mkdtemp(path.join(tmpdir(), "simpul-admin-"));
  try {
    const file = path.join(dir, "create-admin.sql");
    await writeFile(file, toSqlScript(plan.statements), "utf8");
    const code = await run(["d1", "execute", "DB", values.remote ? "--remote" : "--local", "--file", file]);
    if (code !== 0) return code;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`\n${email.data} is an administrator (${values.remote ? "remote" : "local"} database).`);
  console.log(`Sign in within ${FIRST_ADMIN_LINK_MINUTES} minutes (the link works once): ${base}${plan.linkPath}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`create-admin failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
