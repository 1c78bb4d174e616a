/**
 * The words that make two reports look alike, for the likely-duplicate list and the verifiers'
 * search box. A report's title and description become a small set of normalised words, kept in
 * `aspiration_words`; a look-up ranks cases by the words they share, weighted by where the word
 * stands, and by the same category and village.
 */

/** Indonesian function words and forms of address that say nothing about the subject. */
const STOP_WORDS = new Set(
  (
    "yang dan di ke dari ini itu untuk dengan pada ada tidak kami saya kita mereka atau sudah belum akan juga " +
    "karena oleh dalam sebagai agar bisa dapat mohon tolong pak bu bapak ibu sangat sekali masih lagi hari tahun " +
    "apa kapan bagaimana mengapa kenapa tersebut kepada para tapi tetapi namun jika kalau maka harus perlu " +
    "adalah ialah serta hanya sejak sampai hingga setiap semua banyak sering warga kampung desa kelurahan"
  ).split(" "),
);

/** At most this many distinct words of one report are indexed: bounds the rows one submission writes. */
export const MAX_INDEXED_WORDS = 40;
const MIN_WORD_LENGTH = 3;
const MAX_WORD_LENGTH = 30;

/**
 * The distinct searchable words of a text, in order of first appearance: lower case, accents
 * dropped, stop words and very short words left out.
 *
 * @example
 * searchWords("Jalan rusak di Kampung Gurimbang, jalan berlubang!") // ["jalan", "rusak", "gurimbang", "berlubang"]
 */
export function searchWords(text: string, limit = MAX_INDEXED_WORDS): string[] {
  const words = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u);
  const out: string[] = [];
  for (const word of words) {
    if (out.length >= limit) break;
    if (word.length < MIN_WORD_LENGTH || word.length > MAX_WORD_LENGTH) continue;
    if (STOP_WORDS.has(word) || out.includes(word)) continue;
    out.push(word);
  }
  return out;
}

/**
 * The index rows of one report: title words weigh 2, words only in the description 1.
 *
 * @example
 * indexWords("Jalan rusak", "Jalan di depan sekolah rusak parah") // [{ word: "jalan", weight: 2 }, { word: "rusak", weight: 2 }, { word: "depan", weight: 1 }, …]
 */
export function indexWords(title: string, description: string): { word: string; weight: number }[] {
  const titleWords = searchWords(title);
  const rest = searchWords(description).filter((w) => !titleWords.includes(w));
  return [
    ...titleWords.map((word) => ({ word, weight: 2 })),
    ...rest.slice(0, Math.max(0, MAX_INDEXED_WORDS - titleWords.length)).map((word) => ({ word, weight: 1 })),
  ];
}

/** Bonus for a candidate in the same category, and in the same village, as the case being read. */
export const SAME_CATEGORY_BONUS = 3;
export const SAME_VILLAGE_BONUS = 3;

/**
 * A candidate's likeness score: the weights of the shared words plus the bonuses. A candidate
 * with no shared word scores 0, however close its category and village: being in the same
 * village is not, alone, a sign of a duplicate.
 */
export function likenessScore(sharedWeight: number, same: { category: boolean; village: boolean }): number {
  if (sharedWeight <= 0) return 0;
  return sharedWeight + (same.category ? SAME_CATEGORY_BONUS : 0) + (same.village ? SAME_VILLAGE_BONUS : 0);
}
