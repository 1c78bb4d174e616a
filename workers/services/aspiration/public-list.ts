import { and, desc, inArray, sql } from "drizzle-orm";
import { agencies, areas, aspirations, categories } from "../../../schema";
import type { Db } from "../../db";
import { ASPIRATION_KIND_LABELS } from "../../domain/aspiration/kinds";
import { formatWitaDateHuman } from "../../domain/time";

/**
 * The public list of answered reports: what citizens asked and what the regency answered. Only
 * reports that may be public (never `rahasia`), and never anything of the reporter, not even a
 * `publik` reporter's name, nor the tracking code, which stays the reporter's key to their case.
 */

/** Reports per page: each carries its whole answer, so a page stays light on a slow phone. */
export const PUBLIC_PAGE_SIZE = 10;
/** The report's text on the list is cut here; the answer is shown whole. */
const DESCRIPTION_PREVIEW = 300;

export interface PublicAnswer {
  title: string;
  kindLabel: string;
  category: string;
  village: string | null;
  agency: string | null;
  description: string;
  answer: string;
  answeredAt: string;
  answeredAtLabel: string;
}

export interface PublicAnswerPage {
  items: PublicAnswer[];
  /** Pass as `after` for the next page; undefined on the last. */
  next: string | undefined;
}

/** A keyset cursor: when the last report was answered, and its row number as the tie-breaker. */
const encodeCursor = (row: { answeredAt: string; key: number }) => `${row.answeredAt}~${row.key}`;
function decodeCursor(after: string | undefined) {
  if (!after || after.length > 80) return undefined;
  const [answeredAt, key] = after.split("~");
  if (!answeredAt || !/^[0-9T:.Z-]{10,30}$/.test(answeredAt) || !key || !/^\d{1,15}$/.test(key)) return undefined;
  return { answeredAt, key: Number(key) };
}

/**
 * One page of answered public reports, the latest answer first. Reads a partial index in answer
 * order (`aspirations_public_answers_idx`), so a page costs the same wherever it starts.
 */
export async function publicAnswers(db: Db, after?: string): Promise<PublicAnswerPage> {
  const cursor = decodeCursor(after);
  // The tie-breaker is the row's internal number, so the cursor in a URL never carries the code.
  const key = sql<number>`"aspirations"."rowid"`;
  const rows = await db
    .select({
      key: key.as("row_key"),
      title: aspirations.title,
      kind: aspirations.kind,
      categoryId: aspirations.categoryId,
      villageCode: aspirations.villageCode,
      agencyId: aspirations.agencyId,
      description: aspirations.description,
      answer: aspirations.publicAnswer,
      answeredAt: aspirations.answeredAt,
    })
    .from(aspirations)
    .where(
      and(
        // Literal, as in the partial index's own condition, so SQLite can use it.
        sql`${aspirations.privacy} IN ('anonim', 'publik') AND ${aspirations.answeredAt} IS NOT NULL`,
        sql`${aspirations.status} IN ('answered', 'closed')`,
        cursor ? sql`(${aspirations.answeredAt}, ${key}) < (${cursor.answeredAt}, ${cursor.key})` : undefined,
      ),
    )
    .orderBy(desc(aspirations.answeredAt), desc(key))
    .limit(PUBLIC_PAGE_SIZE + 1);
  const page = rows.slice(0, PUBLIC_PAGE_SIZE);
  const names = await namesOf(db, page);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      title: r.title,
      kindLabel: ASPIRATION_KIND_LABELS[r.kind],
      category: names.categories.get(r.categoryId) ?? "-",
      village: r.villageCode ? (names.villages.get(r.villageCode) ?? null) : null,
      agency: r.agencyId ? (names.agencies.get(r.agencyId) ?? null) : null,
      description:
        r.description.length > DESCRIPTION_PREVIEW ? `${r.description.slice(0, DESCRIPTION_PREVIEW)}…` : r.description,
      answer: r.answer ?? "",
      answeredAt: r.answeredAt ?? "",
      answeredAtLabel: r.answeredAt ? formatWitaDateHuman(new Date(r.answeredAt)) : "",
    })),
    next:
      rows.length > PUBLIC_PAGE_SIZE && last?.answeredAt
        ? encodeCursor({ answeredAt: last.answeredAt, key: last.key })
        : undefined,
  };
}

/**
 * The category, village and agency names a page mentions, each read once in one round trip:
 * joined per row they cost three reads a case, and a page of ten shares few of them.
 */
async function namesOf(
  db: Db,
  rows: { categoryId: string; villageCode: string | null; agencyId: string | null }[],
): Promise<Record<"categories" | "villages" | "agencies", Map<string, string>>> {
  // `IN ('')` matches nothing: one statement shape whether or not the page names any.
  const ids = (values: (string | null)[]) => {
    const present = [...new Set(values.filter((v): v is string => v !== null))];
    return present.length > 0 ? present : [""];
  };
  const [foundCategories, foundVillages, foundAgencies] = await db.batch([
    db
      .select({ id: categories.id, name: categories.name })
      .from(categories)
      .where(inArray(categories.id, ids(rows.map((r) => r.categoryId)))),
    db
      .select({ id: areas.code, name: areas.name })
      .from(areas)
      .where(inArray(areas.code, ids(rows.map((r) => r.villageCode)))),
    db
      .select({ id: agencies.id, name: agencies.name })
      .from(agencies)
      .where(inArray(agencies.id, ids(rows.map((r) => r.agencyId)))),
  ]);
  const map = (found: { id: string; name: string }[]) => new Map(found.map((f) => [f.id, f.name]));
  return { categories: map(foundCategories), villages: map(foundVillages), agencies: map(foundAgencies) };
}
