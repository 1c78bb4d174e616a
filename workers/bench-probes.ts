/**
 * Two reference routes for `npm run bench`, answered before the app runs and only when
 * `ENVIRONMENT` is `development` (production sets `production`, tests `test`):
 * - `GET /__bench/constant`: a constant answer, the ceiling of what any route can do;
 * - `GET /__bench/d1-point?code=…`: one primary-key read of an area straight through the D1
 *   binding, no framework: the floor under every route that reads D1.
 * Neither touches personal data.
 */
export function benchProbe(request: Request, env: Env): Promise<Response> | undefined {
  if (env.ENVIRONMENT !== "development") return undefined;
  const url = new URL(request.url);
  if (url.pathname === "/__bench/constant") return Promise.resolve(new Response("ok"));
  if (url.pathname === "/__bench/d1-point") return areaName(env.DB, url.searchParams.get("code") ?? "");
  return undefined;
}

async function areaName(db: D1Database, code: string): Promise<Response> {
  const row = await db.prepare("SELECT name FROM areas WHERE code = ?").bind(code).first<{ name: string }>();
  return new Response(row?.name ?? "", { status: row ? 200 : 404 });
}
