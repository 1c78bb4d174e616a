import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("a full copy of the data", () => {
  it("stays possible with wrangler d1 export: the database holds no virtual (FTS5) table", async () => {
    // `wrangler d1 export` refuses a database with a virtual table (workers-sdk issues 6305 and 9519),
    // so the duplicate search uses the plain `aspiration_words` table instead.
    const { results } = await env.DB.prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND (sql LIKE '%VIRTUAL%' OR sql LIKE '%fts%')",
    ).all();
    expect(results).toEqual([]);
    const words = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'aspiration_words'",
    ).all();
    expect(words.results).toEqual([{ name: "aspiration_words" }]);
  });
});
