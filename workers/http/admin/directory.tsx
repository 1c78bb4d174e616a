import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { maskEmail } from "../../domain/mask";
import type { ErrorDetail } from "../../errors";
import {
  addEscalationContact,
  createAgency,
  createCategory,
  getAgency,
  listAgencies,
  listCategories,
  listEscalationContacts,
  removeEscalationContact,
  updateAgency,
  updateCategory,
} from "../../services/directory";
import { AgenciesPage, AgencyPage, CategoriesPage, EscalationPage } from "../../views/admin/directory";
import { authorize, csrfProtection, currentActor, currentSession } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { errorResponses } from "../openapi";
import { validate } from "../validation";
import { field, flashOf, formFields } from "./forms";
import {
  agencyCreateInput,
  agencyUpdateInput,
  categoryCreateInput,
  categoryUpdateInput,
  detailsOf,
  escalationInput,
  splitList,
} from "./inputs";

const guard = authorize("agencies.manage");

/** The form's fields; `id` only on the create form (the strict schemas refuse it on updates). */
function agencyFromForm(fields: Record<string, string | string[]>) {
  const id = field(fields, "id");
  return {
    ...(id === undefined ? {} : { id }),
    name: field(fields, "name") ?? "",
    shortName: field(fields, "shortName") ?? "",
    contactEmails: splitList(field(fields, "contactEmails")),
    headEmail: field(fields, "headEmail") ?? "",
    active: field(fields, "active") === "1",
  };
}

function categoryFromForm(fields: Record<string, string | string[]>) {
  const id = field(fields, "id");
  return {
    ...(id === undefined ? {} : { id }),
    name: field(fields, "name") ?? "",
    description: field(fields, "description") ?? "",
    agencyId: field(fields, "agencyId") ?? "",
    active: field(fields, "active") === "1",
    responseDays: daysFromForm(field(fields, "responseDays")),
  };
}

/** An empty days field means "the setting for the report's kind"; anything else is checked as a number. */
function daysFromForm(raw: string | undefined): number | string | null {
  const trimmed = raw?.trim() ?? "";
  if (trimmed === "") return null;
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

async function agenciesPage(c: Context<AppEnv>, errors?: ErrorDetail[]) {
  const agencies = await listAgencies(serviceDeps(c), currentActor(c));
  return <AgenciesPage session={currentSession(c)} agencies={agencies} flash={flashOf(c)} errors={errors} />;
}

async function categoriesPage(c: Context<AppEnv>, errors?: ErrorDetail[]) {
  const deps = serviceDeps(c);
  const [categories, agencies] = [
    await listCategories(deps, currentActor(c)),
    await listAgencies(deps, currentActor(c)),
  ];
  return (
    <CategoriesPage
      session={currentSession(c)}
      categories={categories}
      agencies={agencies}
      flash={flashOf(c)}
      errors={errors}
    />
  );
}

async function escalationPage(c: Context<AppEnv>, errors?: ErrorDetail[]) {
  const contacts = await listEscalationContacts(serviceDeps(c), currentActor(c));
  return <EscalationPage session={currentSession(c)} contacts={contacts} flash={flashOf(c)} errors={errors} />;
}

/** `/admin/opd`: the agencies. */
export const agenciesPages = new Hono<AppEnv>()
  .use(guard)
  .use(csrfProtection())
  .get("/", async (c) => c.html(await agenciesPage(c)))
  .post("/", async (c) => {
    const parsed = agencyCreateInput.safeParse(agencyFromForm(await formFields(c)));
    if (!parsed.success) return c.html(await agenciesPage(c, detailsOf(parsed.error)), 422);
    await createAgency(serviceDeps(c), currentActor(c), parsed.data);
    return c.redirect("/admin/opd?pesan=disimpan", 303);
  })
  .get("/:id", async (c) => {
    const agency = await getAgency(serviceDeps(c), currentActor(c), c.req.param("id"));
    return c.html(<AgencyPage session={currentSession(c)} agency={agency} flash={flashOf(c)} />);
  })
  .post("/:id", async (c) => {
    const id = c.req.param("id");
    const parsed = agencyUpdateInput.safeParse(agencyFromForm(await formFields(c)));
    if (!parsed.success) {
      const agency = await getAgency(serviceDeps(c), currentActor(c), id);
      return c.html(<AgencyPage session={currentSession(c)} agency={agency} errors={detailsOf(parsed.error)} />, 422);
    }
    await updateAgency(serviceDeps(c), currentActor(c), id, parsed.data);
    return c.redirect(`/admin/opd/${id}?pesan=disimpan`, 303);
  });

/** `/admin/kategori`: the category routing table. */
export const categoriesPages = new Hono<AppEnv>()
  .use(guard)
  .use(csrfProtection())
  .get("/", async (c) => c.html(await categoriesPage(c)))
  .post("/", async (c) => {
    const parsed = categoryCreateInput.safeParse(categoryFromForm(await formFields(c)));
    if (!parsed.success) return c.html(await categoriesPage(c, detailsOf(parsed.error)), 422);
    await createCategory(serviceDeps(c), currentActor(c), parsed.data);
    return c.redirect("/admin/kategori?pesan=disimpan", 303);
  })
  .post("/:id", async (c) => {
    const parsed = categoryUpdateInput.safeParse(categoryFromForm(await formFields(c)));
    if (!parsed.success) return c.html(await categoriesPage(c, detailsOf(parsed.error)), 422);
    await updateCategory(serviceDeps(c), currentActor(c), c.req.param("id"), parsed.data);
    return c.redirect("/admin/kategori?pesan=disimpan", 303);
  });

/** `/admin/eskalasi`: escalation contacts. */
export const escalationPages = new Hono<AppEnv>()
  .use(guard)
  .use(csrfProtection())
  .get("/", async (c) => c.html(await escalationPage(c)))
  .post("/", async (c) => {
    const fields = await formFields(c);
    const parsed = escalationInput.safeParse({
      level: field(fields, "level"),
      label: field(fields, "label"),
      email: field(fields, "email"),
    });
    if (!parsed.success) return c.html(await escalationPage(c, detailsOf(parsed.error)), 422);
    await addEscalationContact(serviceDeps(c), currentActor(c), parsed.data);
    return c.redirect("/admin/eskalasi?pesan=disimpan", 303);
  })
  .post("/:id/hapus", async (c) => {
    await removeEscalationContact(serviceDeps(c), currentActor(c), c.req.param("id"));
    return c.redirect("/admin/eskalasi?pesan=dihapus", 303);
  });

const docs = (summary: string, ...errors: number[]) =>
  describeRoute({
    tags: ["Admin"],
    summary,
    responses: { 200: { description: "OK" }, ...errorResponses(401, 403, ...errors) },
  });

/** `/api/v1/admin/agencies`. */
export const agenciesApi = new Hono<AppEnv>()
  .use(guard)
  .get("/", docs("Agencies (OPD), addresses masked"), async (c) => {
    const agencies = await listAgencies(serviceDeps(c), currentActor(c));
    return c.json({
      data: agencies.map((a) => ({
        ...a,
        contactEmails: a.contactEmails.map(maskEmail),
        headEmail: maskEmail(a.headEmail),
      })),
    });
  })
  .get("/:id", docs("One agency, whole addresses", 404), async (c) =>
    c.json({ data: await getAgency(serviceDeps(c), currentActor(c), c.req.param("id")) }),
  )
  .post("/", docs("Add an agency", 409, 422), validate("json", agencyCreateInput), async (c) =>
    c.json({ data: await createAgency(serviceDeps(c), currentActor(c), c.req.valid("json")) }, 201),
  )
  .put("/:id", docs("Change an agency", 404, 422), validate("json", agencyUpdateInput), async (c) =>
    c.json({ data: await updateAgency(serviceDeps(c), currentActor(c), c.req.param("id"), c.req.valid("json")) }),
  );

/** `/api/v1/admin/categories`: the routing table. */
export const categoriesApi = new Hono<AppEnv>()
  .use(guard)
  .get("/", docs("The category routing table"), async (c) =>
    c.json({ data: await listCategories(serviceDeps(c), currentActor(c)) }),
  )
  .post("/", docs("Add a category", 409, 422), validate("json", categoryCreateInput), async (c) =>
    c.json({ data: await createCategory(serviceDeps(c), currentActor(c), c.req.valid("json")) }, 201),
  )
  .put("/:id", docs("Change a category or its agency", 404, 422), validate("json", categoryUpdateInput), async (c) =>
    c.json({ data: await updateCategory(serviceDeps(c), currentActor(c), c.req.param("id"), c.req.valid("json")) }),
  );

/** `/api/v1/admin/escalation-contacts`. */
export const escalationApi = new Hono<AppEnv>()
  .use(guard)
  .get("/", docs("Escalation contacts"), async (c) =>
    c.json({ data: await listEscalationContacts(serviceDeps(c), currentActor(c)) }),
  )
  .post("/", docs("Add an escalation contact", 422), validate("json", escalationInput), async (c) =>
    c.json({ data: await addEscalationContact(serviceDeps(c), currentActor(c), c.req.valid("json")) }, 201),
  )
  .delete("/:id", docs("Remove an escalation contact", 404), async (c) => {
    await removeEscalationContact(serviceDeps(c), currentActor(c), c.req.param("id"));
    return c.body(null, 204);
  });
