/** Area levels as Kemendagri codes them. `kampung` is Berau's word for desa; other regencies use `desa`. */
export const AREA_LEVELS = ["kabupaten", "kecamatan", "kampung", "desa", "kelurahan"] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];
/** The levels that are villages: the ones a KIM belongs to. */
export const VILLAGE_LEVELS = ["kampung", "desa", "kelurahan"] as const;
