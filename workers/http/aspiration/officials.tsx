import { type Context, Hono } from "hono";
import type { Actor } from "../../domain/actor";
import { normaliseTrackingCode } from "../../domain/aspiration/code";
import { actionScope, can } from "../../domain/policy";
import { AppError, notFound } from "../../errors";
import {
  classifyInvestigation,
  decideExtension,
  requestExtension,
  requestTransfer,
  startHandling,
} from "../../services/aspiration/agency-requests";
import { casesNeedingVerifier } from "../../services/aspiration/attention";
import { countCritical } from "../../services/aspiration/critical-digest";
import {
  type AspirationDecisionDeps,
  answerAspiration,
  decideTransfer,
  declineAspiration,
  rejectAspiration,
  requestInformation,
  routeAspiration,
} from "../../services/aspiration/decisions";
import { listActiveAgencies } from "../../services/aspiration/form-data";
import { agencyQueue, getAspirationCase, verificationQueue } from "../../services/aspiration/queues";
import { searchCases } from "../../services/aspiration/similar";
import { forbidden } from "../../services/authorize";
import type { ServiceDeps } from "../../services/deps";
import { AspirationCasePage, AspirationQueuesPage, type CaseForm } from "../../views/aspiration/officials";
import type { SearchState } from "../../views/aspiration/search";
import { field, flashOf, formFields } from "../admin/forms";
import { csrfProtection, currentActor, currentSession, requireOfficial } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { officialNav } from "../official-nav";
import { aspirationDecisionDeps } from "./api";

/**
 * The officials' pages of aspirations, mounted at `/aspirasi/kelola`: the queues and one case
 * with its decision forms. Routes read the form and call the decision services, which check the
 * policy and the status; a refused form shows the page again with the message beside its field
 * (422), a decision that lost a race shows the news (409).
 */

type Fields = Record<string, string | string[]>;

/** The verifiers' search: nothing asked, results, or the reason the words cannot be searched. */
async function runSearch(deps: ServiceDeps, raw: string | undefined): Promise<SearchState> {
  const query = (raw ?? "").trim();
  if (raw === undefined || query === "") return { query };
  try {
    return { query: query.slice(0, 100), results: await searchCases(deps.db, query) };
  } catch (err) {
    if (err instanceof AppError && err.code === "validation_failed") {
      return { query: query.slice(0, 100), error: err.details?.[0]?.message };
    }
    throw err;
  }
}

/** The two-button approval forms send `keputusan=setuju|tolak`; anything else is no choice (422). */
const approval = (f: Fields) => {
  const chosen = field(f, "keputusan");
  return chosen === "setuju" ? true : chosen === "tolak" ? false : undefined;
};

const codeOf = (c: Context<AppEnv>) => {
  const code = normaliseTrackingCode(c.req.param("code") ?? "");
  if (!code) throw notFound("Aspirasi dengan kode itu tidak ditemukan.");
  return code;
};

async function casePage(
  c: Context<AppEnv>,
  status: 200 | 409 | 422,
  extra: { form?: CaseForm; errors?: AppError["details"]; values?: Record<string, string>; notice?: string } = {},
) {
  const actor = currentActor(c);
  const deps = serviceDeps(c);
  const item = await getAspirationCase(deps, actor, codeOf(c));
  const held = { kind: "aspiration" as const, agencyId: item.agencyId };
  c.header("Cache-Control", "no-store");
  return c.html(
    <AspirationCasePage
      session={currentSession(c)}
      nav={officialNav(actor)}
      item={item}
      agencies={await listActiveAgencies(deps.db)}
      may={{
        verify: can(actor, "aspiration.route", { kind: "aspiration", agencyId: null }),
        answer: can(actor, "aspiration.answer", held),
        requestTransfer: can(actor, "aspiration.request_transfer", held),
        requestExtension: can(actor, "aspiration.request_extension", held),
        decideExtension: can(actor, "aspiration.approve_extension", held),
      }}
      flash={flashOf(c)}
      notice={extra.notice}
      state={{ form: extra.form, values: extra.values ?? {}, errors: extra.errors }}
    />,
    status,
  );
}

/** Runs one decision form: back to the case with a confirmation, or the page again with the refusal. */
function decision(
  form: CaseForm,
  run: (deps: AspirationDecisionDeps, actor: Actor, code: string, f: Fields) => Promise<unknown>,
) {
  return async (c: Context<AppEnv>) => {
    const code = codeOf(c);
    const fields = await formFields(c);
    try {
      await run(aspirationDecisionDeps(c), currentActor(c), code, fields);
    } catch (err) {
      const values = Object.fromEntries(Object.keys(fields).map((k) => [k, field(fields, k) ?? ""]));
      if (err instanceof AppError && err.code === "validation_failed") {
        return casePage(c, 422, { form, errors: err.details, values });
      }
      if (err instanceof AppError && err.code === "conflict") return casePage(c, 409, { notice: err.message });
      throw err;
    }
    return c.redirect(`/aspirasi/kelola/${code}?pesan=tercatat`, 303);
  };
}

export const aspirationOfficialPages = new Hono<AppEnv>()
  .use(requireOfficial)
  .use(csrfProtection())
  .get("/", async (c) => {
    const actor = currentActor(c);
    const deps = serviceDeps(c);
    const verifies = can(actor, "aspiration.verify", { kind: "aspiration", agencyId: null });
    const scope = actionScope(actor, "aspiration.read");
    const seesAgency = scope.all || scope.agencyIds.length > 0;
    if (!verifies && !seesAgency) throw forbidden();
    const after = (name: string) => c.req.query(name)?.slice(0, 80);
    const verification = verifies ? await verificationQueue(deps, actor, after("verifikasi")) : undefined;
    const agency = seesAgency ? await agencyQueue(deps, actor, { after: after("opd") }) : undefined;
    const attention = verifies ? await casesNeedingVerifier(deps, actor) : undefined;
    const search = verifies ? await runSearch(deps, c.req.query("cari")) : undefined;
    const critical =
      scope.all || verifies
        ? await countCritical(deps.db)
        : await countCritical(deps.db, agency?.agencyId ?? undefined);
    c.header("Cache-Control", "no-store");
    return c.html(
      <AspirationQueuesPage
        session={currentSession(c)}
        nav={officialNav(actor)}
        verification={verification}
        agency={agency}
        nextVerification={
          verification?.next ? `/aspirasi/kelola?verifikasi=${encodeURIComponent(verification.next)}` : undefined
        }
        nextAgency={agency?.next ? `/aspirasi/kelola?opd=${encodeURIComponent(agency.next)}` : undefined}
        attention={attention}
        search={search}
        critical={critical}
      />,
      search?.error ? 422 : 200,
    );
  })
  .get("/:code", (c) => casePage(c, 200))
  .post(
    "/:code/teruskan",
    decision("route", (deps, actor, code, f) =>
      routeAspiration(deps, actor, { code, agencyId: field(f, "agencyId"), note: field(f, "note") || undefined }),
    ),
  )
  .post(
    "/:code/tolak",
    decision("reject", (deps, actor, code, f) =>
      rejectAspiration(deps, actor, { code, reason: field(f, "reason"), duplicateOf: field(f, "duplicateOf") }),
    ),
  )
  .post(
    "/:code/bukan-wewenang",
    decision("decline", (deps, actor, code, f) =>
      declineAspiration(deps, actor, { code, reason: field(f, "reason"), referTo: field(f, "referTo") }),
    ),
  )
  .post(
    "/:code/minta-keterangan",
    decision("request_info", (deps, actor, code, f) =>
      requestInformation(deps, actor, { code, question: field(f, "question") }),
    ),
  )
  .post(
    "/:code/keputusan-pengalihan",
    decision("decide_transfer", (deps, actor, code, f) =>
      decideTransfer(deps, actor, { code, approve: approval(f), note: field(f, "note") }),
    ),
  )
  .post(
    "/:code/mulai",
    decision("start", (deps, actor, code) => startHandling(deps, actor, { code })),
  )
  .post(
    "/:code/minta-pengalihan",
    decision("request_transfer", (deps, actor, code, f) =>
      requestTransfer(deps, actor, { code, agencyId: field(f, "agencyId"), reason: field(f, "reason") }),
    ),
  )
  .post(
    "/:code/minta-perpanjangan",
    decision("request_extension", (deps, actor, code, f) =>
      requestExtension(deps, actor, { code, reason: field(f, "reason") }),
    ),
  )
  .post(
    "/:code/keputusan-perpanjangan",
    decision("decide_extension", (deps, actor, code, f) =>
      decideExtension(deps, actor, { code, approve: approval(f), note: field(f, "note") }),
    ),
  )
  .post(
    "/:code/pemeriksaan-lapangan",
    decision("classify", (deps, actor, code, f) =>
      classifyInvestigation(deps, actor, { code, reason: field(f, "reason") }),
    ),
  )
  .post(
    "/:code/jawab",
    decision("answer", (deps, actor, code, f) =>
      answerAspiration(deps, actor, {
        code,
        publicAnswer: field(f, "publicAnswer"),
        internalNote: field(f, "internalNote") || undefined,
      }),
    ),
  );
