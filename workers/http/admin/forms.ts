import type { Context } from "hono";
import type { AppEnv } from "../context";

/** A urlencoded or multipart form as strings (repeated fields as arrays; files dropped). */
export async function formFields(c: Context<AppEnv>): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === "_csrf") continue;
    if (typeof value === "string") out[key] = value;
    else if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === "string");
  }
  return out;
}

/** One field as a single string. */
export const field = (fields: Record<string, string | string[]>, name: string): string | undefined => {
  const v = fields[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The `?pesan=` confirmation key of a page. */
export const flashOf = (c: Context<AppEnv>) => c.req.query("pesan");
