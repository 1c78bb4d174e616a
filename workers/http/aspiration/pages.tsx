import { type Context, Hono } from "hono";
import { normaliseTrackingCode } from "../../domain/aspiration/code";
import { requestHash } from "../../domain/request-hash";
import { AppError, type ErrorDetail } from "../../errors";
import { listDistricts } from "../../services/areas";
import { acceptAnswer, reopenCase, replyWithInformation } from "../../services/aspiration/feedback";
import { listPublicCategories } from "../../services/aspiration/form-data";
import { submitAspiration } from "../../services/aspiration/intake";
import { publicAnswers } from "../../services/aspiration/public-list";
import { getAspirationTracking } from "../../services/aspiration/tracking";
import type { AspirationDecisionDeps } from "../../services/aspiration/transition";
import { formTokenKey, issueFormToken } from "../../services/form-tokens";
import { verifyTurnstile } from "../../services/turnstile";
import { AspirationFormPage, type AspirationFormValues, emptyAspirationValues } from "../../views/aspiration/form";
import { PublicAnswersPage } from "../../views/aspiration/public-list";
import type { ReporterForm, ReporterFormState } from "../../views/aspiration/reporter-forms";
import { AspirationTrackingPage, TrackingLookupPage } from "../../views/aspiration/tracking";
import { field, formFields } from "../admin/forms";
import { sameOriginForms } from "../auth";
import type { AppEnv } from "../context";
import { clientIp } from "../rate-limit";
import {
  aspirationDecisionDeps,
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
  .get("/aspirasi/publik", async (c) => {
    const after = c.req.query("sebelum")?.slice(0, 80);
    const page = await publicAnswers(c.var.db, after);
    const next = page.next ? `/aspirasi/publik?sebelum=${encodeURIComponent(page.next)}` : undefined;
    return c.html(<PublicAnswersPage page={page} next={next} first={!after} />);
  })
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
  .get("/lacak/:code", limitTrackingLookups, (c) =>
    trackingPage(c, 200, { key: c.req.query("kunci")?.slice(0, 40), recorded: c.req.query("pesan") === "tercatat" }),
  )
  .post(
    "/lacak/:code/keterangan",
    sameOriginForms(),
    limitTrackingLookups,
    reporterAction("reply", (deps, code, key, f) =>
      replyWithInformation(deps, REPORTER, { code, key, reply: f.reply }),
    ),
  )
  .post(
    "/lacak/:code/tanggapan",
    sameOriginForms(),
    limitTrackingLookups,
    reporterAction("accept", (deps, code, key, f) => acceptAnswer(deps, REPORTER, { code, key, rating: f.rating })),
  )
  .post(
    "/lacak/:code/buka-kembali",
    sameOriginForms(),
    limitTrackingLookups,
    reporterAction("reopen", (deps, code, key, f) => reopenCase(deps, REPORTER, { code, key, reason: f.reason })),
  );

/** The tracking page of a case, or the lookup page saying the code is unknown (also for a rahasia case without its key). */
async function trackingPage(
  c: Context<AppEnv>,
  status: 200 | 409 | 422,
  extra: { key: string | undefined; recorded?: boolean; notice?: string; form?: ReporterFormState },
) {
  const code = normaliseTrackingCode(c.req.param("code") ?? "");
  const tracking = code ? await getAspirationTracking(c.var, code, extra.key) : undefined;
  // The page holds the reporter's own report, and a rahasia one opens with a key in its URL.
  c.header("Cache-Control", "no-store");
  if (!tracking) return c.html(<TrackingLookupPage code={(c.req.param("code") ?? "").slice(0, 40)} notFound />, 404);
  const path = trackingPathOf(tracking.code, extra.key);
  return c.html(
    <AspirationTrackingPage
      tracking={tracking}
      trackingUrl={`${c.var.config.publicBaseUrl}${path}`}
      justSubmitted={c.req.query("terkirim") === "1"}
      trackingKey={extra.key}
      recorded={extra.recorded}
      notice={extra.notice}
      form={extra.form}
    />,
    status,
  );
}

const trackingPathOf = (code: string, key: string | undefined, query = "") => {
  const params = new URLSearchParams(query);
  if (key) params.set("kunci", key);
  const search = params.toString();
  return `/lacak/${code}${search ? `?${search}` : ""}`;
};

/**
 * Runs one of the reporter's actions from the tracking page: back to the page with thanks, or the
 * page again with the refusal beside its field (422) or the reason it cannot be done now (409).
 */
function reporterAction(
  form: ReporterForm,
  run: (
    deps: AspirationDecisionDeps,
    code: string,
    key: string | undefined,
    fields: Record<string, string>,
  ) => Promise<unknown>,
) {
  return async (c: Context<AppEnv>) => {
    const posted = await formFields(c);
    const fields = Object.fromEntries(Object.keys(posted).map((k) => [k, field(posted, k) ?? ""]));
    const key = fields.kunci?.slice(0, 40) || undefined;
    const code = normaliseTrackingCode(c.req.param("code") ?? "");
    if (!code) return trackingPage(c, 200, { key });
    try {
      await run(aspirationDecisionDeps(c), code, key, fields);
    } catch (err) {
      if (err instanceof AppError && err.code === "validation_failed") {
        return trackingPage(c, 422, { key, form: { form, values: fields, errors: err.details ?? [] } });
      }
      if (err instanceof AppError && err.code === "conflict") return trackingPage(c, 409, { key, notice: err.message });
      throw err;
    }
    return c.redirect(trackingPathOf(code, key, "pesan=tercatat"), 303);
  };
}
