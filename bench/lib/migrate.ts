import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./server";

/** Applies every migration in `schema/migrations` to an empty D1 database, statement by statement. */
export async function migrate(d1: D1Database): Promise<void> {
  const dir = path.join(ROOT, "schema", "migrations");
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    const statements = readFileSync(path.join(dir, file), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    for (const sql of statements) await d1.prepare(sql).run();
  }
}
