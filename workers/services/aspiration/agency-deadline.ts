import { eq } from "drizzle-orm";
import { type Aspiration, categories } from "../../../schema";
import type { Db } from "../../db";
import type { Deadline } from "../../domain/calendar";
import type { Settings } from "../../domain/settings";
import { computeDeadline } from "../calendar";

/**
 * How long an agency has for a case, in working days: the case's category may set its own;
 * otherwise the setting for its kind of report. A case classified as needing a field
 * investigation runs on the long class instead.
 */
export async function agencyResponseDays(
  db: Db,
  settings: Settings,
  aspiration: Pick<Aspiration, "kind" | "categoryId" | "deadlineClass">,
): Promise<number> {
  if (aspiration.deadlineClass === "investigation") return settings["aspiration.investigationDays"];
  const category = await db
    .select({ days: categories.responseDays })
    .from(categories)
    .where(eq(categories.id, aspiration.categoryId))
    .get();
  return category?.days ?? settings[`aspiration.agencyResponseDays.${aspiration.kind}`];
}

/** The agency's deadline for a case handed to it at `from`. */
export async function agencyDeadline(
  db: Db,
  settings: Settings,
  aspiration: Pick<Aspiration, "kind" | "categoryId" | "deadlineClass">,
  from: Date,
): Promise<Deadline> {
  return computeDeadline(db, from, await agencyResponseDays(db, settings, aspiration));
}
