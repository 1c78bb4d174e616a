/**
 * What `@standard-community/standard-json` (under `hono-openapi`) loads to turn zod schemas into
 * JSON Schema for `/api/openapi.json`. It imports `zod/v4/core` as a whole module at run time,
 * which made the bundler keep every one of zod's 40-odd locales (about 400 KB of the 2 MB bundle);
 * `wrangler.toml`'s `[alias]` points that import here, to the one function it uses.
 */
export { toJSONSchema } from "zod";
