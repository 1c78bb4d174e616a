import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { ValidationTargets } from "hono";
import { validator } from "hono-openapi";
import { formatIssuePath, validationFailed } from "../errors";

/**
 * zod passes its own issues through Standard Schema: a custom check's `params.code` wins over
 * zod's generic code (`too_small`, `invalid_type`, …).
 */
export function issueCode(issue: StandardSchemaV1.Issue): string {
  const { code, params } = issue as { code?: string; params?: { code?: unknown } };
  return typeof params?.code === "string" ? params.code : (code ?? "invalid");
}

/**
 * The one validation middleware for JSON, query and path input. It validates with the route's zod
 * schema, registers that same schema in the OpenAPI document, and turns every issue into the error
 * envelope (422) with each field's path and an Indonesian message.
 *
 * @example
 * app.get("/x/:year", validate("param", z.object({ year: z.coerce.number() })), (c) => c.json(c.req.valid("param")))
 */
export function validate<S extends StandardSchemaV1, T extends keyof ValidationTargets>(target: T, schema: S) {
  return validator(target, schema, (result) => {
    if (!result.success) {
      throw validationFailed(
        result.error.map((issue) => ({
          path: formatIssuePath(issue.path),
          message: issue.message,
          code: issueCode(issue),
        })),
      );
    }
  });
}
