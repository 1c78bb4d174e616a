import { type Context, Hono } from "hono";
import { normaliseTrackingCode } from "../../domain/aspiration/code";
import { requestHash } from "../../domain/request-hash";
import { AppError, type ErrorDetail } from "../../errors";
import { listDistricts } from "../../services/areas";
import { listPublicCategories } from "../../services/aspiration/form-data";
import { submitAspiration } from "../../services/aspiration/intake";
import { getAspirationTracking } from "../../services/aspiration/tracking";
import { formTokenKey, issueFormToken } from "../../services/form-tokens";
import { verifyTurnstile } from "../../services/turnstile";
import { AspirationFormPage, type AspirationFormValues, emptyAspirationValues } from "../../views/aspiration/form";
import { AspirationTrackingPage, TrackingLookupPage } from "../../views/aspiration/tracking";
import { sameOriginForms } from "../auth";
import type { AppEnv } from "../context";
import { clientIp } from "../rate-limit";
import {
  aspirationIntakeDeps,
  botRefusal,
  HONEYPOT_FIELD,
  limitAspirationSubmissions,
  limitTrackingLookups,
  REPORTER,
} from "./api";

const FORM = "aspirasi";
/** The form's one-time tokens are idempotency keys in this scope. */
export const ASPIRATION_FORM_SCOPE = `form:${FORM}`;

const FIELDS = Object.keys(emptyAspirationValues()) as (keyof AspirationFormValues)[];

async function renderForm(
  c: Context<AppEnv>,
  state: { values: AspirationFormValues; details?: readonly ErrorDetail[]; token?: string; notice?: string },
  status: 200 | 422 = 200,
) {
  const [categories, districts] = await Promise.all([listPublicCategories(c.var.db), listDistricts(c.var.db)]);
  // After a refusal the page holds what the person typed, their contact included.
  c.header("Cache-Control", "no-store");
  return c.html(
    <AspirationFormPage
      values={state.values}
      details={state.details ?? []}
      token={state.token ?? (await issueFormToken(c.var.config.signingKey, FORM, c.var.now()))}
      categories={categories}
      districts={districts}
      turnstileSiteKey={c.var.config.turnstile?.siteKey}
      notice={state.notice}
    />,
    status,
  );
}

/** The posted form as strings, and its photos. */
async function readForm(c: Context<AppEnv>) {
  const body = await c.req.parseBody({ all: true });
  const text = (name: string) => {
    const value = [body[name]].flat()[0];
    return typeof value === "string" ? value : "";
  };
  const values = Object.fromEntries(FIELDS.map((f) => [f, text(f)])) as AspirationFormValues;
  const files = [body.photos].flat().filter((f): f is File => f instanceof File && f.size > 0);
  return {
    values,
    token: text("_token"),
    honeypot: text(HONEYPOT_FIELD),
    turnstile: text("cf-turnstile-response"),
    photos: await Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer()))),
  };
}

/** The public aspiration form `/aspirasi` and the tracking pages `/lacak`. */
export const aspirationPages = new Hono<AppEnv>()
  .get("/aspirasi", (c) => renderForm(c, { values: emptyAspirationValues() }))
  .post("/aspirasi", sameOriginForms(), limitAspirationSubmissions, async (c) => {
    const form = await readForm(c);
    if (form.honeypot !== "") throw botRefusal();
    const key = await formTokenKey(c.var.config.signingKey, FORM, form.token, c.var.now());
    if (!key) {
      return renderForm(
        c,
        {
          values: form.values,
          notice: "Formulir ini sudah terlalu lama terbuka atau tidak lengkap. Periksa isiannya, lalu kirim lagi.",
        },
        422,
      );
    }
    await verifyTurnstile(c.var.config, form.turnstile, clientIp(c));
    try {
      const { aspiration } = await submitAspiration(aspirationIntakeDeps(c), {
        actor: REPORTER,
        raw: form.values,
        photos: form.photos,
        channel: "form",
        idempotency: { scope: ASPIRATION_FORM_SCOPE, key, requestHash: requestHash(form.values, form.photos) },
      });
      const target = new URL(aspiration.trackingUrl);
      target.searchParams.set("terkirim", "1");
      return c.redirect(`${target.pathname}${target.search}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.status === 422 && err.details?.length) {
        return renderForm(c, { values: form.values, details: err.details, token: form.token }, 422);
      }
      throw err;
    }
  })
  .get("/lacak", limitTrackingLookups, async (c) => {
    const typed = c.req.query("kode");
    if (typed === undefined || typed.trim() === "") return c.html(<TrackingLookupPage />);
    const code = normaliseTrackingCode(typed);
    if (code) return c.redirect(`/lacak/${code}`, 303);
    return c.html(<TrackingLookupPage code={typed.slice(0, 40)} notFound />, 404);
  })
  .get("/lacak/:code", limitTrackingLookups, async (c) => {
    const code = normaliseTrackingCode(c.req.param("code"));
    const key = c.req.query("kunci");
    const tracking = code ? await getAspirationTracking(c.var, code, key) : undefined;
    // The page holds the reporter's own report, and a rahasia one opens with a key in its URL.
    c.header("Cache-Control", "no-store");
    if (!tracking) return c.html(<TrackingLookupPage code={c.req.param("code").slice(0, 40)} notFound />, 404);
    const path = `/lacak/${tracking.code}${key ? `?kunci=${encodeURIComponent(key)}` : ""}`;
    return c.html(
      <AspirationTrackingPage
        tracking={tracking}
        trackingUrl={`${c.var.config.publicBaseUrl}${path}`}
        justSubmitted={c.req.query("terkirim") === "1"}
      />,
    );
  });
