import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as z from "zod";
import { maskEmail } from "../../domain/mask";
import { AppError } from "../../errors";
import {
  activateOfficial,
  deactivateOfficial,
  getOfficial,
  grantRole,
  inviteOfficial,
  listOfficials,
  listScopeChoices,
  type OfficialView,
  revokeRole,
} from "../../services/officials";
import { recordPersonalDataRead } from "../../services/personal-data";
import { scopeNames } from "../../services/scope-names";
import { OfficialDetailPage, type OfficialFormValues, OfficialsPage } from "../../views/admin/officials";
import { authorize, csrfProtection, currentActor, currentSession } from "../auth";
import type { AppEnv } from "../context";
import { mailingDeps, serviceDeps } from "../deps";
import { errorResponses } from "../openapi";
import { validate } from "../validation";
import { field, flashOf, formFields } from "./forms";
import { detailsOf, grantInput, inviteInput, withoutEmpty } from "./inputs";

const guard = authorize("officials.manage");

/** A list row: the address masked (UU 27/2022: whole only on the detail view). */
const listItem = (o: OfficialView) => ({ ...o, email: maskEmail(o.email) });

type FormState = { errors?: ReturnType<typeof detailsOf>; values?: OfficialFormValues };

/** Every field of the invite or grant form as typed, to show a refused form again. */
const formValues = (fields: Record<string, string | string[]>, names: (keyof OfficialFormValues)[]) =>
  Object.fromEntries(names.map((n) => [n, field(fields, n) ?? ""])) as OfficialFormValues;

async function listPage(c: Context<AppEnv>, extra: FormState = {}) {
  const deps = serviceDeps(c);
  const actor = currentActor(c);
  const [officials, choices] = await Promise.all([listOfficials(deps, actor), listScopeChoices(deps, actor)]);
  await recordPersonalDataRead(deps, actor, { type: "official", id: "*" }, { view: "list", count: officials.length });
  return (
    <OfficialsPage
      session={currentSession(c)}
      officials={officials}
      choices={choices}
      flash={flashOf(c)}
      errors={extra.errors}
      values={extra.values}
      scopeNames={
        await scopeNames(
          deps.db,
          officials.flatMap((o) => o.grants),
        )
      }
    />
  );
}

async function detailPage(c: Context<AppEnv>, id: string, extra: FormState = {}) {
  const deps = serviceDeps(c);
  const actor = currentActor(c);
  const [official, choices] = await Promise.all([getOfficial(deps, actor, id), listScopeChoices(deps, actor)]);
  await recordPersonalDataRead(deps, actor, { type: "official", id }, { view: "detail" });
  return (
    <OfficialDetailPage
      session={currentSession(c)}
      official={official}
      choices={choices}
      flash={flashOf(c)}
      errors={extra.errors}
      values={extra.values}
      scopeNames={await scopeNames(deps.db, official.grants)}
    />
  );
}

/** Form errors answer the page again (422) with the messages; other errors use the error page. */
async function orFormErrors(
  run: () => Promise<Response>,
  rerender: (errors: ReturnType<typeof detailsOf>) => Promise<Response>,
) {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.code === "validation_failed") return rerender(err.details ?? []);
    throw err;
  }
}

export const officialsPages = new Hono<AppEnv>()
  .use(guard)
  .use(csrfProtection())
  .get("/", async (c) => c.html(await listPage(c)))
  .post("/", async (c) => {
    const values = formValues(await formFields(c), ["name", "email", "role", "scopeId"]);
    const parsed = inviteInput.safeParse(withoutEmpty(values));
    if (!parsed.success) return c.html(await listPage(c, { errors: detailsOf(parsed.error), values }), 422);
    return orFormErrors(
      async () => {
        await inviteOfficial(mailingDeps(c), currentActor(c), parsed.data);
        return c.redirect("/admin/pejabat?pesan=diundang", 303);
      },
      async (errors) => c.html(await listPage(c, { errors, values }), 422),
    );
  })
  .get("/:id", async (c) => c.html(await detailPage(c, c.req.param("id"))))
  .post("/:id/peran", async (c) => {
    const id = c.req.param("id");
    const values = formValues(await formFields(c), ["role", "scopeId"]);
    const parsed = grantInput.safeParse(withoutEmpty(values));
    if (!parsed.success) return c.html(await detailPage(c, id, { errors: detailsOf(parsed.error), values }), 422);
    return orFormErrors(
      async () => {
        await grantRole(mailingDeps(c), currentActor(c), id, parsed.data);
        return c.redirect(`/admin/pejabat/${id}?pesan=disimpan`, 303);
      },
      async (errors) => c.html(await detailPage(c, id, { errors, values }), 422),
    );
  })
  .post("/:id/peran/:grantId/hapus", async (c) => {
    const { id, grantId } = c.req.param();
    await revokeRole(serviceDeps(c), currentActor(c), id, grantId);
    return c.redirect(`/admin/pejabat/${id}?pesan=disimpan`, 303);
  })
  .post("/:id/nonaktifkan", async (c) => {
    const id = c.req.param("id");
    await deactivateOfficial(serviceDeps(c), currentActor(c), id);
    return c.redirect(`/admin/pejabat/${id}?pesan=dinonaktifkan`, 303);
  })
  .post("/:id/aktifkan", async (c) => {
    const id = c.req.param("id");
    await activateOfficial(serviceDeps(c), currentActor(c), id);
    return c.redirect(`/admin/pejabat/${id}?pesan=diaktifkan`, 303);
  });

const docs = (summary: string, ...errors: number[]) =>
  describeRoute({
    tags: ["Admin"],
    summary,
    responses: { 200: { description: "OK" }, ...errorResponses(401, 403, ...errors) },
  });
const idParam = z.object({ id: z.string().min(1).max(100) });

export const officialsApi = new Hono<AppEnv>()
  .use(guard)
  .get("/", docs("Officials, addresses masked"), async (c) => {
    const deps = serviceDeps(c);
    const officials = await listOfficials(deps, currentActor(c));
    await recordPersonalDataRead(
      deps,
      currentActor(c),
      { type: "official", id: "*" },
      { view: "list", count: officials.length },
    );
    return c.json({ data: officials.map(listItem) });
  })
  .post("/", docs("Invite an official", 409, 422), validate("json", inviteInput), async (c) => {
    const official = await inviteOfficial(mailingDeps(c), currentActor(c), c.req.valid("json"));
    return c.json({ data: official }, 201);
  })
  .get("/:id", docs("One official, whole address (audited)", 404), validate("param", idParam), async (c) => {
    const deps = serviceDeps(c);
    const { id } = c.req.valid("param");
    const official = await getOfficial(deps, currentActor(c), id);
    await recordPersonalDataRead(deps, currentActor(c), { type: "official", id }, { view: "detail" });
    return c.json({ data: official });
  })
  .post(
    "/:id/roles",
    docs("Grant a role on a scope", 404, 409, 422),
    validate("param", idParam),
    validate("json", grantInput),
    async (c) => {
      const official = await grantRole(mailingDeps(c), currentActor(c), c.req.valid("param").id, c.req.valid("json"));
      return c.json({ data: official }, 201);
    },
  )
  .delete("/:id/roles/:grantId", docs("Revoke a role", 404), async (c) => {
    const { id, grantId } = c.req.param();
    return c.json({ data: await revokeRole(serviceDeps(c), currentActor(c), id, grantId) });
  })
  .post(
    "/:id/deactivate",
    docs("Deactivate and end every session", 404, 409),
    validate("param", idParam),
    async (c) => {
      return c.json({ data: await deactivateOfficial(serviceDeps(c), currentActor(c), c.req.valid("param").id) });
    },
  )
  .post("/:id/activate", docs("Activate again", 404), validate("param", idParam), async (c) => {
    return c.json({ data: await activateOfficial(serviceDeps(c), currentActor(c), c.req.valid("param").id) });
  });
