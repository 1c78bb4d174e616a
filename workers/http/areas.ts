import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as z from "zod";
import { notFound } from "../errors";
import { getArea, listDistricts } from "../services/areas";
import type { AppEnv } from "./context";
import { errorResponses } from "./openapi";
import { validate } from "./validation";

const villageSchema = z.object({
  code: z.string().meta({ example: "64.03.04.2001" }),
  name: z.string().meta({ example: "Long La'ai" }),
  kind: z.enum(["kampung", "desa", "kelurahan"]),
});
const districtSchema = z.object({ code: z.string(), name: z.string(), villages: z.array(villageSchema) });

/** Kemendagri area codes: kecamatan NN.NN.NN, village NN.NN.NN.NNNN. */
const areaCodeParam = z.object({
  code: z
    .string()
    .regex(/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/, "Kode wilayah harus berbentuk 64.03.01 atau 64.03.01.2001."),
});

export const areasRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      tags: ["Areas"],
      summary: "Every kecamatan with its villages",
      responses: {
        200: {
          description: "The regency's kecamatan, each with its kampung/desa and kelurahan",
          content: { "application/json": { schema: resolver(z.object({ data: z.array(districtSchema) })) } },
        },
      },
    }),
    async (c) => c.json({ data: await listDistricts(c.var.db) }),
  )
  .get(
    "/:code",
    describeRoute({
      tags: ["Areas"],
      summary: "One kecamatan or one village",
      responses: {
        200: {
          description: "The area",
          content: { "application/json": { schema: resolver(z.object({ data: z.unknown() })) } },
        },
        ...errorResponses(404, 422),
      },
    }),
    validate("param", areaCodeParam),
    async (c) => {
      const area = await getArea(c.var.db, c.req.valid("param").code);
      if (!area) throw notFound("Wilayah dengan kode itu tidak ditemukan.");
      return c.json({ data: area });
    },
  );
