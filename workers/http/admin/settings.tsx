import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { isSettingKey, SETTING_DEFINITIONS } from "../../domain/settings";
import { AppError, type ErrorDetail, notFound } from "../../errors";
import { listSettings, resetSetting, updateSetting } from "../../services/admin-settings";
import { SettingsPage } from "../../views/admin/settings";
import { authorize, csrfProtection, currentActor, currentSession } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { errorResponses } from "../openapi";
import { validate } from "../validation";
import { formFields } from "./forms";
import { settingInput } from "./inputs";

const guard = authorize("settings.manage");

/** A form value in the rule's own type: "true"/"false", a number, or the list of ticked boxes. */
function valueFromForm(key: string, raw: string | string[] | undefined): unknown {
  if (!isSettingKey(key)) throw notFound("Pengaturan itu tidak dikenal.");
  const fallback = SETTING_DEFINITIONS[key].default;
  if (Array.isArray(fallback)) return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const one = Array.isArray(raw) ? raw[0] : raw;
  if (typeof fallback === "boolean") return one === "true" ? true : one === "false" ? false : one;
  if (typeof fallback === "string") return one;
  return one === undefined || one.trim() === "" ? undefined : Number(one);
}

async function page(c: Context<AppEnv>, errors?: ErrorDetail[]) {
  const settings = await listSettings(serviceDeps(c), currentActor(c));
  return <SettingsPage session={currentSession(c)} settings={settings} flash={c.req.query("pesan")} errors={errors} />;
}

/** `/admin/pengaturan`: every rule, one small form each. */
export const settingsPages = new Hono<AppEnv>()
  .use(guard)
  .use(csrfProtection())
  .get("/", async (c) => c.html(await page(c)))
  .post("/:key", async (c) => {
    const key = c.req.param("key");
    const value = valueFromForm(key, (await formFields(c)).value);
    try {
      await updateSetting(serviceDeps(c), currentActor(c), key, value);
    } catch (err) {
      if (err instanceof AppError && err.code === "validation_failed") {
        const errors = (err.details ?? []).map((d) => ({ ...d, path: `${key}.${d.path}` }));
        return c.html(await page(c, errors), 422);
      }
      throw err;
    }
    return c.redirect(`/admin/pengaturan?pesan=disimpan#${key}`, 303);
  })
  .post("/:key/bawaan", async (c) => {
    const key = c.req.param("key");
    await resetSetting(serviceDeps(c), currentActor(c), key);
    return c.redirect(`/admin/pengaturan?pesan=disimpan#${key}`, 303);
  });

const docs = (summary: string, ...errors: number[]) =>
  describeRoute({
    tags: ["Admin"],
    summary,
    responses: { 200: { description: "OK" }, ...errorResponses(401, 403, ...errors) },
  });

/** `/api/v1/admin/settings`: read, change and reset the rules. */
export const settingsApi = new Hono<AppEnv>()
  .use(guard)
  .get("/", docs("Every rule with default, override and effective value"), async (c) =>
    c.json({ data: await listSettings(serviceDeps(c), currentActor(c)) }),
  )
  .put("/:key", docs("Override a rule", 404, 422), validate("json", settingInput), async (c) =>
    c.json({
      data: await updateSetting(serviceDeps(c), currentActor(c), c.req.param("key"), c.req.valid("json").value),
    }),
  )
  .delete("/:key", docs("Back to the default", 404), async (c) =>
    c.json({ data: await resetSetting(serviceDeps(c), currentActor(c), c.req.param("key")) }),
  );
