/**
 * What a verifier may send back for revision: the parts of an application, each named by the
 * field path the form and the API use, with a label for people. A revision names one or more of
 * them, each with the reason, so the applicant knows exactly what to fix.
 */
export const REVISION_FIELDS = {
  kimName: "Nama KIM",
  villageCode: "Kampung/kelurahan",
  secretariatAddress: "Alamat sekretariat",
  contact: "E-mail dan nomor ponsel kontak",
  foundedOn: "Tanggal pembentukan",
  decree: "SK pembentukan (nomor, tanggal, penerbit)",
  links: "Situs web dan akun media sosial",
  communityGroups: "Kelompok masyarakat mitra",
  members: "Daftar anggota",
} as const;

export type RevisionField = keyof typeof REVISION_FIELDS;
export const REVISION_FIELD_KEYS = Object.keys(REVISION_FIELDS) as RevisionField[];

export const isRevisionField = (value: string): value is RevisionField => Object.hasOwn(REVISION_FIELDS, value);

/** One part to revise and why; stored in the `revise` timeline event as `{ fields: [...] }`. */
export interface RevisionRequestField {
  path: RevisionField;
  reason: string;
}

/** The most characters a reason, note or revision remark may have. */
export const MAX_REASON_LENGTH = 1000;

/**
 * Whether the applicant may send a new decree scan with the resubmission: only when the verifier
 * asked to revise the decree.
 *
 * @example
 * allowsNewDecreeScan([{ path: "decree", reason: "Nomor SK tidak terbaca." }]) // true
 */
export const allowsNewDecreeScan = (fields: ReadonlyArray<{ path: string }>): boolean =>
  fields.some((f) => f.path === "decree");
