/**
 * Serves the built bundle (`dist/index.js` from `wrangler deploy --dry-run`) on workerd through
 * Miniflare's own API, with the bindings `wrangler.toml` declares: the same engine as `wrangler dev`
 * without its proxy in front. The benchmark's own overrides: no rate limits (one client sends
 * everything), local secrets, and a state directory per scale so a seeded database is reused.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Miniflare as MiniflareType } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BUNDLE = path.join(ROOT, "dist", "index.js");

/** The Miniflare wrangler itself runs on (its own dependency), so the engine is the one `wrangler dev` uses. */
const { Miniflare, convertV4MiniflareOptions } = createRequire(
  path.join(ROOT, "node_modules", "wrangler", "package.json"),
)("miniflare") as typeof import("miniflare") & {
  /** wrangler's worker options are Miniflare 4's shape; this Miniflare converts them. */
  convertV4MiniflareOptions(options: unknown): ConstructorParameters<typeof import("miniflare").Miniflare>[0];
};

/** Builds the deployable bundle exactly as `npm run build` does; returns wrangler's output (it has the sizes). */
export function buildBundle(): string {
  const wrangler = path.join(ROOT, "node_modules", ".bin", "wrangler");
  const built = spawnSync(wrangler, ["deploy", "--dry-run", "--outdir", "dist"], { cwd: ROOT, encoding: "utf8" });
  if (built.status !== 0 || !existsSync(BUNDLE)) throw new Error(`build failed:\n${built.stderr}`);
  return built.stdout;
}

/**
 * A second Worker beside Simpul, bound to the same D1 database, that writes the benchmark's rows:
 * it receives rows as JSON and inserts them with statements of at most 100 bound parameters, 50
 * statements per batch. Statements prepared in workerd cost microseconds; prepared from Node
 * through Miniflare's proxy each costs a round trip, which made a national seed take most of an hour.
 */
const SEEDER = "bench-seeder";
const SEEDER_SCRIPT = `
export default {
  async fetch(request, env) {
    const tables = await request.json();
    const statements = [];
    for (const { table, columns, rows } of tables) {
      const perStatement = Math.floor(100 / columns.length);
      const tuple = "(" + columns.map(() => "?").join(", ") + ")";
      for (let i = 0; i < rows.length; i += perStatement) {
        const chunk = rows.slice(i, i + perStatement);
        const sql = "INSERT INTO " + table + " (" + columns.join(", ") + ") VALUES " + chunk.map(() => tuple).join(", ");
        statements.push(env.DB.prepare(sql).bind(...chunk.flat()));
      }
    }
    for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50));
    return new Response(String(statements.length));
  },
};`;

export interface BenchServer {
  mf: MiniflareType;
  url: URL;
  /** The Chrome DevTools inspector port of the isolate, for CPU profiles. */
  inspectorPort: number;
  db: D1Database;
  /** Writes rows (table by table, in order) through the seeder Worker. */
  insertRows(tables: { table: string; columns: string[]; rows: unknown[][] }[]): Promise<void>;
  dispose(): Promise<void>;
}

export async function startServer(stateDir: string): Promise<BenchServer> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(ROOT, "wrangler.toml"));
  const ratelimits = Object.fromEntries(
    Object.entries(workerOptions.ratelimits ?? {}).map(([name, limiter]) => [
      name,
      { ...limiter, simple: { limit: 1_000_000_000, period: 60 } },
    ]),
  );
  const worker = {
    ...workerOptions,
    name: "simpul",
    modules: true,
    scriptPath: BUNDLE,
    modulesRoot: path.dirname(BUNDLE),
    bindings: {
      ...(workerOptions.bindings ?? {}),
      HASH_KEY: "local-bench-hash-key-0123456789",
      SIGNING_KEY: "local-bench-signing-key-0123456789",
    },
    ratelimits,
    // The bundle is one file; wrangler's rules for finding more modules do not apply to it.
    modulesRules: undefined,
  };
  const seeder = {
    name: SEEDER,
    modules: true,
    script: SEEDER_SCRIPT,
    compatibilityDate: workerOptions.compatibilityDate,
    d1Databases: workerOptions.d1Databases,
  };
  const mf = new Miniflare({
    ...convertV4MiniflareOptions({ workers: [worker, seeder], port: 0, inspectorPort: 0 }),
    resourcePersistencePath: stateDir,
  } as ConstructorParameters<typeof Miniflare>[0]);
  const url = await mf.ready;
  const db = (await mf.getD1Database("DB")) as unknown as D1Database;
  const seederFetcher = (await mf.getWorker(SEEDER)) as unknown as {
    fetch(url: string, init: RequestInit): Promise<Response>;
  };
  const insertRows: BenchServer["insertRows"] = async (tables) => {
    const res = await seederFetcher.fetch("http://seeder/", { method: "POST", body: JSON.stringify(tables) });
    if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
  };
  const inspectorPort = Number((await mf.getInspectorURL()).port);
  return { mf, url, inspectorPort, db, insertRows, dispose: () => mf.dispose() };
}
