import { type Context, Hono } from "hono";
import type { Actor } from "../../domain/actor";
import { AppError, notFound } from "../../errors";
import { forbidden } from "../../services/authorize";
import {
  approveRegistration,
  type DecisionDeps,
  endorseRegistration,
  rejectEndorsement,
  rejectRegistration,
  requestRevision,
} from "../../services/registration/decisions";
import {
  getDecreeScan,
  getRegistrationDetail,
  listWorkQueue,
  mayReadQueue,
  registrationResource,
} from "../../services/registration/queues";
import { type DecisionForm, RegistrationDetailPage, WorkQueuesPage } from "../../views/registration/officials";
import { field, flashOf, formFields } from "../admin/forms";
import { authorize, csrfProtection, currentActor, currentSession, requireOfficial } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { officialNav } from "../official-nav";
import { decisionDeps } from "./decision-deps";

/**
 * The officials' side of KIM registrations, mounted at `/pendaftaran`: the work queues, the
 * detail view of one registration, and its decision forms. Routes only read the form and call
 * the decision services, which check the policy and the status themselves; a form error shows
 * the page again with the message beside the field (422), a decision that lost a race shows it
 * again with the news (409).
 */

/** Only someone who may read registrations of the record's village gets past; others 403, unknown ids 404 or 403. */
const guard = authorize("registration.read", (c) => registrationResource(c.var, c.req.param("id") ?? ""));

type Fields = Record<string, string | string[]>;
type Decide = (deps: DecisionDeps, actor: Actor, id: string, fields: Fields) => Promise<unknown>;

async function detailPage(
  c: Context<AppEnv>,
  status: 200 | 409 | 422,
  extra: { form?: DecisionForm; errors?: AppError["details"]; notice?: string; values?: Record<string, string> } = {},
) {
  const actor = currentActor(c);
  const detail = await getRegistrationDetail(serviceDeps(c), actor, c.req.param("id") ?? "");
  return c.html(
    <RegistrationDetailPage
      session={currentSession(c)}
      nav={officialNav(actor)}
      detail={detail}
      flash={flashOf(c)}
      {...extra}
    />,
    status,
  );
}

/** What the page shows again after a refused form: the text typed, and which boxes were ticked. */
function typedValues(fields: Fields): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === "fields") for (const f of [value].flat()) values[`field.${f}`] = "on";
    else values[key] = Array.isArray(value) ? (value[0] ?? "") : value;
  }
  return values;
}

/** Runs one decision form: on success back to the detail page with a confirmation, on a refusal the page again. */
function decision(form: DecisionForm, flash: string, run: Decide) {
  return async (c: Context<AppEnv>) => {
    const id = c.req.param("id") ?? "";
    const fields = await formFields(c);
    try {
      await run(decisionDeps(c), currentActor(c), id, fields);
    } catch (err) {
      if (err instanceof AppError && err.code === "validation_failed") {
        return detailPage(c, 422, { form, errors: err.details, values: typedValues(fields) });
      }
      if (err instanceof AppError && err.code === "conflict") {
        return detailPage(c, 409, { notice: err.message });
      }
      throw err;
    }
    return c.redirect(`/pendaftaran/${id}?pesan=${flash}`, 303);
  };
}

const text = (fields: Fields, name: string) => field(fields, name);

export const registrationOfficialPages = new Hono<AppEnv>()
  .use(requireOfficial)
  .use(csrfProtection())
  .get("/", async (c) => {
    const actor = currentActor(c);
    const deps = serviceDeps(c);
    const endorsement = mayReadQueue(actor, "endorsement")
      ? await listWorkQueue(deps, actor, "endorsement")
      : undefined;
    const verification = mayReadQueue(actor, "verification")
      ? await listWorkQueue(deps, actor, "verification")
      : undefined;
    if (!endorsement && !verification) throw forbidden();
    return c.html(
      <WorkQueuesPage
        session={currentSession(c)}
        nav={officialNav(actor)}
        endorsement={endorsement}
        verification={verification}
      />,
    );
  })
  .get("/:id", guard, (c) => detailPage(c, 200))
  .get("/:id/sk", guard, async (c) => {
    const scan = await getDecreeScan(serviceDeps(c), c.env.FILES, currentActor(c), c.req.param("id"));
    if (!scan) throw notFound("Pendaftaran ini tidak memiliki pindaian SK.");
    return c.body(scan.body, 200, {
      "content-type": scan.type,
      "content-length": String(scan.size),
      "content-disposition": "inline",
      "cache-control": "private, no-store",
    });
  })
  .post(
    "/:id/sahkan",
    guard,
    decision("endorse", "disahkan", (deps, actor, id, f) =>
      endorseRegistration(deps, actor, { registrationId: id, note: text(f, "note") }),
    ),
  )
  .post(
    "/:id/tolak-pengesahan",
    guard,
    decision("reject_endorsement", "ditolak", (deps, actor, id, f) =>
      rejectEndorsement(deps, actor, { registrationId: id, reason: text(f, "reason"), note: text(f, "note") }),
    ),
  )
  .post(
    "/:id/setujui",
    guard,
    decision("approve", "disetujui", (deps, actor, id, f) =>
      approveRegistration(deps, actor, { registrationId: id, note: text(f, "note") }),
    ),
  )
  .post(
    "/:id/tolak",
    guard,
    decision("reject", "ditolak", (deps, actor, id, f) =>
      rejectRegistration(deps, actor, { registrationId: id, reason: text(f, "reason") }),
    ),
  )
  .post(
    "/:id/perbaikan",
    guard,
    decision("revise", "dikembalikan", (deps, actor, id, f) =>
      requestRevision(deps, actor, {
        registrationId: id,
        fields: [f.fields ?? []].flat().map((path) => ({ path, reason: text(f, `reasons.${path}`) })),
        summary: text(f, "summary"),
      }),
    ),
  );
