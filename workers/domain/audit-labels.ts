/**
 * How the audit log reads to people: each stored action code (`registration.approve`) as a verb
 * phrase in Bahasa Indonesia, and each kind of subject and non-official actor as a noun. The
 * stored codes stay English and stable: programs and the CSV export filter on them.
 */

/** Every action code Simpul writes, as the admin reads it after the actor's name. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  "agency.create": "menambah OPD",
  "agency.update": "mengubah OPD",
  "calendar.add": "menambah hari libur",
  "calendar.edit": "mengubah hari libur",
  "calendar.import": "mengimpor kalender libur",
  "calendar.remove": "menghapus hari libur",
  "category.create": "menambah kategori aspirasi",
  "category.update": "mengubah kategori aspirasi",
  "escalation_contact.add": "menambah kontak eskalasi",
  "escalation_contact.remove": "menghapus kontak eskalasi",
  "kim.member.add": "menambah anggota KIM",
  "kim.member.remove": "menghapus anggota KIM",
  "kim.member.update": "mengubah data anggota KIM",
  "mail.resend": "mengirim ulang e-mail",
  "official.activate": "mengaktifkan kembali akun pejabat",
  "official.deactivate": "menonaktifkan akun pejabat",
  "official.grant_role": "memberi peran kepada pejabat",
  "official.invite": "mengundang pejabat",
  "official.revoke_role": "mencabut peran pejabat",
  "personal_data.read": "membuka data pribadi",
  "privacy.export": "mengekspor semua data pribadi seseorang (hak subjek data)",
  "registration.approve": "menyetujui pendaftaran KIM",
  "registration.endorse": "mengesahkan pendaftaran KIM",
  "registration.endorse_on_behalf": "mencatat pengesahan atas nama kepala kampung/lurah",
  "registration.escalate": "meneruskan pendaftaran KIM ke atasan (eskalasi)",
  "registration.expire": "menyatakan pendaftaran KIM kedaluwarsa",
  "registration.reject": "menolak pendaftaran KIM",
  "registration.reject_endorsement": "menolak mengesahkan pendaftaran KIM",
  "registration.reject_endorsement_on_behalf": "mencatat penolakan pengesahan atas nama kepala kampung/lurah",
  "registration.resubmit": "mengirim perbaikan pendaftaran KIM",
  "registration.revise": "meminta perbaikan pendaftaran KIM",
  "registration.submit": "mengirim pendaftaran KIM",
  "registration.verify": "memverifikasi pendaftaran KIM",
  "registration.withdraw": "membatalkan pendaftaran KIM",
  "retention.anonymise": "menganonimkan data pribadi (masa retensi berakhir)",
  "session.sign_in": "masuk",
  "session.sign_in_refused": "ditolak masuk",
  "session.sign_out": "keluar",
  "session.sign_out_everywhere": "keluar dari semua perangkat",
  "settings.reset": "mengembalikan pengaturan ke nilai bawaan",
  "settings.update": "mengubah pengaturan",
};

/** Kinds of subject, as the noun before the subject's id. */
const SUBJECT_LABELS: Readonly<Record<string, string>> = {
  agency: "OPD",
  aspiration: "aspirasi",
  calendar: "kalender",
  category: "kategori",
  data_subject: "subjek data",
  escalation_contact: "kontak eskalasi",
  holiday: "hari libur",
  mail_outbox: "e-mail",
  official: "pejabat",
  registration: "pendaftaran",
  setting: "pengaturan",
  sign_in_token: "tautan masuk",
};

/** Actors without an account, by the kind stored in the log. */
const ACTOR_TYPE_LABELS: Readonly<Record<string, string>> = {
  official: "Pejabat",
  public: "Warga/pemohon",
  system: "Sistem",
  schedule: "Tugas terjadwal",
};

/**
 * An action code as people read it; an unknown code is shown as it is rather than hidden.
 *
 * @example
 * auditActionLabel("registration.approve") // "menyetujui pendaftaran KIM"
 */
export const auditActionLabel = (action: string): string => AUDIT_ACTION_LABELS[action] ?? action;

/**
 * A subject as people read it: its kind in Bahasa Indonesia, then its id (`*` means a list).
 *
 * @example
 * auditSubjectLabel("registration", "01J…") // "pendaftaran 01J…"
 * auditSubjectLabel("official", "*") // "daftar pejabat"
 */
export function auditSubjectLabel(type: string, id: string): string {
  const noun = SUBJECT_LABELS[type] ?? type;
  return id === "*" ? `daftar ${noun}` : `${noun} ${id}`;
}

/**
 * An actor without a name of its own: the applicant, the workflow, the nightly job.
 *
 * @example
 * auditActorTypeLabel("schedule") // "Tugas terjadwal"
 */
export const auditActorTypeLabel = (type: string): string => ACTOR_TYPE_LABELS[type] ?? type;
