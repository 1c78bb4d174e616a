import { resolver } from "hono-openapi";
import * as z from "zod";

/** The error envelope as the OpenAPI document describes it. */
export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "validation_failed" }),
      message: z.string().meta({ example: "Data yang dikirim belum benar." }),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: "ErrorEnvelope" });

const DESCRIPTIONS: Record<number, string> = {
  400: "The body could not be parsed",
  401: "Sign-in required",
  403: "Not allowed for this actor",
  404: "Not found",
  409: "Conflicts with a stored record",
  413: "Body too large",
  422: "Input failed validation; details name each field",
  429: "Too many requests",
};

/** OpenAPI response entries for the given error statuses, all in the one envelope. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: DESCRIPTIONS[s] ?? "Error",
        content: { "application/json": { schema: resolver(errorEnvelopeSchema) } },
      },
    ]),
  );
}
