import { desc, eq, inArray } from "drizzle-orm";
import { type Aspiration, aspirations, aspirationWords } from "../../../schema";
import type { Db } from "../../db";
import { ASPIRATION_STATUS_LABELS, type AspirationStatus, isFinal } from "../../domain/aspiration/status";
import { likenessScore, searchWords } from "../../domain/aspiration/words";
import { formatWitaDateHuman } from "../../domain/time";
import { validationFailed } from "../../errors";

/**
 * Likely duplicates and the verifiers' search, over the word index `aspiration_words` (a plain
 * table, so `wrangler d1 export` still copies the whole database). Both walk the postings of a few
 * words, each capped, so a page costs a bounded number of rows however common a word becomes.
 */

/** Words of a case looked up: its title words first, they weigh most. */
const LOOKUP_WORDS = 12;
/** Postings read per word: enough for a regency's recent cases, bounded at national scale. */
const POSTINGS_PER_WORD = 300;
/** Candidates loaded after counting shared words. */
const CANDIDATES = 50;
/** Likely duplicates shown on a case. */
export const SIMILAR_LIMIT = 5;
/** A closed case still counts as a likely original this long after it came in. */
const RECENT_DAYS = 90;

export interface SimilarCase {
  code: string;
  title: string;
  status: AspirationStatus;
  statusLabel: string;
  receivedLabel: string;
  score: number;
}

/**
 * Summed weights of the words each other case shares with `words`, the highest first. One capped
 * posting list per word, all in one round trip (D1 allows few terms in a compound SELECT, so the
 * lists are separate statements of a batch and are added up here).
 */
async function sharedWeights(db: Db, words: string[], exclude?: string): Promise<Map<string, number>> {
  const [first, ...rest] = words.map((word) =>
    db
      .select({ code: aspirationWords.code, weight: aspirationWords.weight })
      .from(aspirationWords)
      .where(eq(aspirationWords.word, word))
      .orderBy(desc(aspirationWords.code))
      .limit(POSTINGS_PER_WORD),
  );
  if (!first) return new Map();
  const lists = await db.batch([first, ...rest]);
  const shared = new Map<string, number>();
  for (const row of lists.flat()) {
    if (row.code !== exclude) shared.set(row.code, (shared.get(row.code) ?? 0) + row.weight);
  }
  return new Map([...shared].sort((a, b) => b[1] - a[1]).slice(0, CANDIDATES));
}

type Candidate = Pick<Aspiration, "code" | "title" | "status" | "categoryId" | "villageCode" | "createdAt">;

async function loadCandidates(db: Db, codes: string[]): Promise<Candidate[]> {
  if (codes.length === 0) return [];
  return db
    .select({
      code: aspirations.code,
      title: aspirations.title,
      status: aspirations.status,
      categoryId: aspirations.categoryId,
      villageCode: aspirations.villageCode,
      createdAt: aspirations.createdAt,
    })
    .from(aspirations)
    .where(inArray(aspirations.code, codes));
}

const shown = (c: Candidate, score: number): SimilarCase => ({
  code: c.code,
  title: c.title,
  status: c.status,
  statusLabel: ASPIRATION_STATUS_LABELS[c.status],
  receivedLabel: formatWitaDateHuman(new Date(c.createdAt)),
  score,
});

/**
 * Up to five open or recent cases that look like `code`: sharing words (title words weigh 2),
 * boosted when in the same category and the same village. For the verifier deciding whether the
 * case is a duplicate.
 */
export async function similarCases(db: Db, code: string, now: Date): Promise<SimilarCase[]> {
  const [self, words] = await db.batch([
    db
      .select({ categoryId: aspirations.categoryId, villageCode: aspirations.villageCode })
      .from(aspirations)
      .where(eq(aspirations.code, code)),
    db
      .select({ word: aspirationWords.word })
      .from(aspirationWords)
      .where(eq(aspirationWords.code, code))
      .orderBy(desc(aspirationWords.weight))
      .limit(LOOKUP_WORDS),
  ]);
  const me = self[0];
  if (!me) return [];
  const shared = await sharedWeights(
    db,
    words.map((w) => w.word),
    code,
  );
  const since = new Date(now.getTime() - RECENT_DAYS * 24 * 60 * 60 * 1000).toISOString();
  return (await loadCandidates(db, [...shared.keys()]))
    .filter((c) => !isFinal(c.status) || c.createdAt >= since)
    .map((c) =>
      shown(
        c,
        likenessScore(shared.get(c.code) ?? 0, {
          category: c.categoryId === me.categoryId,
          village: c.villageCode !== null && c.villageCode === me.villageCode,
        }),
      ),
    )
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code))
    .slice(0, SIMILAR_LIMIT);
}

/** Longest search text a verifier may type. */
export const SEARCH_MAX_LENGTH = 100;

/**
 * The verifiers' search: cases whose title or description share the words typed, the most shared
 * first. 422 when nothing searchable was typed (only short or common words) or the text is too long.
 */
export async function searchCases(db: Db, query: string): Promise<SimilarCase[]> {
  if (query.length > SEARCH_MAX_LENGTH) {
    throw validationFailed([
      { path: "q", code: "too_long", message: `Kata pencarian paling banyak ${SEARCH_MAX_LENGTH} karakter.` },
    ]);
  }
  const words = searchWords(query, 8);
  if (words.length === 0) {
    throw validationFailed([
      {
        path: "q",
        code: "too_short",
        message: "Ketik paling sedikit satu kata yang bermakna (3 huruf atau lebih), misalnya 'jalan' atau 'lampu'.",
      },
    ]);
  }
  const shared = await sharedWeights(db, words);
  const score = (c: Candidate) => shared.get(c.code) ?? 0;
  return (await loadCandidates(db, [...shared.keys()]))
    .sort((a, b) => score(b) - score(a) || b.createdAt.localeCompare(a.createdAt))
    .map((c) => shown(c, score(c)));
}
