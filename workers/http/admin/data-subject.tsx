import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type * as z from "zod";
import { exportDataSubject } from "../../services/data-subject";
import { type DataSubjectFormValues, DataSubjectPage } from "../../views/admin/data-subject";
import { authorize, csrfProtection, currentActor, currentSession } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { errorResponses } from "../openapi";
import { validate } from "../validation";
import { field, formFields } from "./forms";
import { dataSubjectInput, detailsOf } from "./inputs";

const guard = authorize("privacy.export");

/** The form as typed, and the query it names, or the page again with what is wrong. */
async function readForm(c: Context<AppEnv>) {
  const fields = await formFields(c);
  const values: DataSubjectFormValues = { email: field(fields, "email") ?? "", nik: field(fields, "nik") ?? "" };
  return { values, parsed: dataSubjectInput.safeParse(values) };
}

/** The form again with each field's reason: 422. */
const refused = (c: Context<AppEnv>, values: DataSubjectFormValues, error: z.ZodError) =>
  c.html(<DataSubjectPage session={currentSession(c)} values={values} errors={detailsOf(error)} />, 422);

/** `/admin/data-pribadi`: find everything held about one person, see it, download it. */
export const dataSubjectPages = new Hono<AppEnv>()
  .use(guard)
  .use(csrfProtection())
  .get("/", (c) => c.html(<DataSubjectPage session={currentSession(c)} />))
  .post("/", async (c) => {
    const { values, parsed } = await readForm(c);
    if (!parsed.success) return refused(c, values, parsed.error);
    const found = await exportDataSubject(serviceDeps(c), currentActor(c), parsed.data);
    return c.html(<DataSubjectPage session={currentSession(c)} values={values} found={found} />);
  })
  .post("/unduh", async (c) => {
    const { values, parsed } = await readForm(c);
    if (!parsed.success) return refused(c, values, parsed.error);
    const found = await exportDataSubject(serviceDeps(c), currentActor(c), parsed.data);
    return c.body(JSON.stringify(found, null, 2), 200, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="simpul-data-pribadi.json"',
    });
  });

/** `POST /api/v1/admin/data-subject-export`: the same export as JSON; the person is named in the body, never the URL. */
export const dataSubjectApi = new Hono<AppEnv>().use(guard).post(
  "/",
  describeRoute({
    tags: ["Admin"],
    summary: "Everything held about one person, by e-mail or NIK (exactly one)",
    responses: { 200: { description: "The export" }, ...errorResponses(401, 403, 422) },
  }),
  validate("json", dataSubjectInput),
  async (c) => c.json({ data: await exportDataSubject(serviceDeps(c), currentActor(c), c.req.valid("json")) }),
);
