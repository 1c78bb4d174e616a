/**
 * A served Worker on a database at a scale, reused between runs: each scale keeps its own state
 * directory under `bench/.state/`, marked with the seed version that filled it. A missing or stale
 * state is removed, migrated and seeded again; `fresh` (reference data only) is made anew every time.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { migrate } from "./migrate";
import { type Scale, SEED_VERSION, seedScale } from "./seed-scale";
import { type BenchServer, ROOT, startServer } from "./server";

export type StateName = Scale;
const MARKER = "bench_seed";

async function seededAs(db: D1Database): Promise<string | null> {
  try {
    const row = await db.prepare(`SELECT scale, version FROM ${MARKER}`).first<{ scale: string; version: number }>();
    return row ? `${row.scale}@${row.version}` : null;
  } catch {
    return null;
  }
}

export async function serveState(name: StateName, log: (line: string) => void): Promise<BenchServer> {
  const dir = path.join(ROOT, "bench", ".state", name);
  if (name !== "fresh") {
    const server = await startServer(dir);
    if ((await seededAs(server.db)) === `${name}@${SEED_VERSION}`) return server;
    await server.dispose();
  }
  rmSync(dir, { recursive: true, force: true });
  const server = await startServer(dir);
  await migrate(server.db);
  log(`seeding ${name} (once; kept in bench/.state/${name})`);
  let lastShown = 0;
  const summary = await seedScale(server, name, (written, expected) => {
    if (written - lastShown < 50_000 && written < expected) return;
    lastShown = written;
    process.stdout.write(`\r  ${written.toLocaleString("en")} of about ${expected.toLocaleString("en")} rows`);
  });
  process.stdout.write("\n");
  log(`  seeded ${JSON.stringify(summary)}`);
  await server.db.prepare(`CREATE TABLE ${MARKER} (scale TEXT NOT NULL, version INTEGER NOT NULL)`).run();
  await server.db.prepare(`INSERT INTO ${MARKER} VALUES (?, ?)`).bind(name, SEED_VERSION).run();
  return server;
}
