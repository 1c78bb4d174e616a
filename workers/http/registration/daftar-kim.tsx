import { type Context, Hono } from "hono";
import { isRegistrationId } from "../../domain/registration/id";
import { requestHash } from "../../domain/request-hash";
import { AppError, type ErrorDetail, notFound } from "../../errors";
import { listDistricts } from "../../services/areas";
import { formTokenKey, issueFormToken } from "../../services/form-tokens";
import { findStoredResponse } from "../../services/idempotency";
import { submitRegistration, trackingPath } from "../../services/registration/intake";
import { getRegistrationTracking } from "../../services/registration/tracking";
import { loadSettings } from "../../services/settings";
import { FormAlreadySentPage, RegistrationFormPage } from "../../views/registration/form";
import type { RegistrationFormValues } from "../../views/registration/form-values";
import { RegistrationTrackingPage } from "../../views/registration/tracking";
import { sameOriginForms } from "../auth";
import type { AppEnv } from "../context";
import { emptyFormValues, type FormBody, readRegistrationForm } from "./form-data";
import { APPLICANT, intakeDeps, limitPublicSubmissions } from "./intake";

const FORM = "daftar-kim";
/** The form's one-time tokens are idempotency keys in this scope. */
export const FORM_IDEMPOTENCY_SCOPE = `form:${FORM}`;

interface FormState {
  values: RegistrationFormValues;
  details?: readonly ErrorDetail[];
  token?: string;
  scanDropped?: boolean;
  notice?: string;
  /** After "add rows": the first blank row, which the page lands on (`#baris-baru`). */
  addedRowsAt?: number;
}

/**
 * Renders the form. Never cached: after a failed submission it holds what the person typed,
 * NIKs included (their own input, shown back to them over HTTPS so they can correct it).
 */
async function renderForm(c: Context<AppEnv>, state: FormState, status: 200 | 409 | 422 = 200) {
  const [districts, settings] = await Promise.all([listDistricts(c.var.db), loadSettings(c.var.db)]);
  c.header("Cache-Control", "no-store");
  return c.html(
    <RegistrationFormPage
      districts={districts}
      values={state.values}
      details={state.details ?? []}
      token={state.token ?? (await issueFormToken(c.var.config.signingKey, FORM, c.var.now()))}
      memberBounds={{ min: settings["kim.memberCountMin"], max: settings["kim.memberCountMax"] }}
      scanDropped={state.scanDropped}
      notice={state.notice}
      addedRowsAt={state.addedRowsAt}
    />,
    status,
  );
}

const isRefusalWithDetails = (err: unknown): err is AppError & { status: 409 | 422 } =>
  err instanceof AppError && (err.status === 422 || err.status === 409) && (err.details?.length ?? 0) > 0;

/** The public registration form `/daftar-kim` and the tracking page `/daftar-kim/:id`. */
export const registrationPages = new Hono<AppEnv>()
  .get("/daftar-kim", (c) => renderForm(c, { values: emptyFormValues() }))
  .post("/daftar-kim", sameOriginForms(), limitPublicSubmissions, async (c) => {
    const form = readRegistrationForm((await c.req.parseBody()) as FormBody);
    const key = await formTokenKey(c.var.config.signingKey, FORM, form.token, c.var.now());
    // Showing the form again keeps its token: a later submit of it is still the same one-time submission.
    const token = key ? form.token : undefined;
    if (form.action === "add_rows") {
      return renderForm(c, { values: form.values, token, scanDropped: !!form.scan, addedRowsAt: form.firstBlankRow });
    }
    if (!key) {
      return renderForm(
        c,
        {
          values: form.values,
          scanDropped: !!form.scan,
          notice: "Formulir ini sudah terlalu lama terbuka atau tidak lengkap. Periksa isiannya, lalu kirim lagi.",
        },
        422,
      );
    }
    const scan = form.scan ? new Uint8Array(await form.scan.arrayBuffer()) : undefined;
    const idempotency = {
      scope: FORM_IDEMPOTENCY_SCOPE,
      key,
      requestHash: requestHash(form.application, scan ? [scan] : []),
    };
    try {
      const { registration } = await submitRegistration(intakeDeps(c), {
        actor: APPLICANT,
        raw: form.application,
        scan,
        channel: "form",
        idempotency,
      });
      return c.redirect(`${trackingPath(registration.id)}?terkirim=1`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === "idempotency_key_reused") {
        const stored = await findStoredResponse(c.var.db, idempotency);
        const id = typeof stored?.responseBody.id === "string" ? stored.responseBody.id : undefined;
        if (id) return c.html(<FormAlreadySentPage trackingPath={trackingPath(id)} />, 409);
      }
      if (!isRefusalWithDetails(err)) throw err;
      return renderForm(c, { values: form.values, details: err.details, token, scanDropped: !!form.scan }, err.status);
    }
  })
  .get("/daftar-kim/:id", async (c) => {
    const id = c.req.param("id");
    const tracking = isRegistrationId(id) ? await getRegistrationTracking(c.var.db, id, c.var.now()) : undefined;
    if (!tracking) throw notFound("Pendaftaran dengan nomor itu tidak ditemukan. Periksa kembali alamatnya.");
    return c.html(
      <RegistrationTrackingPage
        tracking={tracking}
        trackingUrl={`${c.var.config.publicBaseUrl}${trackingPath(id)}`}
        justSubmitted={c.req.query("terkirim") === "1"}
      />,
    );
  });
