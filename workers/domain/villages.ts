/** The word a village's level puts before its name; Berau's villages are kampung and kelurahan. */
const VILLAGE_WORDS: Readonly<Record<string, string>> = { kampung: "Kampung", desa: "Desa", kelurahan: "Kelurahan" };

/**
 * A village as people name it, in pages and mail: its level's word, then its name. A level that
 * is not a village's gives the bare name.
 *
 * @example
 * villageLabel({ level: "kampung", name: "Long La'ai" }) // "Kampung Long La'ai"
 * villageLabel({ level: "kelurahan", name: "Gunung Panjang" }) // "Kelurahan Gunung Panjang"
 */
export function villageLabel(area: { level: string; name: string }): string {
  const word = VILLAGE_WORDS[area.level];
  return word ? `${word} ${area.name}` : area.name;
}
