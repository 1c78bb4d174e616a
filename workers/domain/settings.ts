import * as z from "zod";
import { OCCUPATION_CODES, type Occupation } from "./registration/occupations";

const weight = () => z.number().int("Bobot harus bilangan bulat.").min(0).max(100, "Bobot paling besar 100.");
const tierName = () =>
  z.string().trim().min(2, "Nama tingkat paling sedikit 2 huruf.").max(30, "Nama tingkat paling banyak 30 huruf.");

const workingDays = (label: string) =>
  z.number().int().min(1, `${label} paling sedikit 1 hari kerja.`).max(120, `${label} paling lama 120 hari kerja.`);

/**
 * Every configurable rule of DOMAIN.md, with its Berau default, its label for the admin area and
 * the schema a stored override must pass. Code reads rules only through `resolveSettings`.
 */
export const SETTING_DEFINITIONS = {
  "kim.onePerVillage": {
    label: "Satu KIM untuk setiap kampung/kelurahan",
    schema: z.boolean(),
    default: true,
  },
  "kim.excludedOccupations": {
    label: "Pekerjaan yang tidak boleh menjadi anggota KIM",
    schema: z.array(z.enum(OCCUPATION_CODES)),
    default: ["asn", "pppk", "karyawan_swasta"] as Occupation[],
  },
  "kim.memberCountMin": {
    label: "Jumlah anggota paling sedikit",
    schema: z.number().int().min(3).max(500),
    default: 3,
  },
  "kim.memberCountMax": {
    label: "Jumlah anggota paling banyak",
    schema: z.number().int().min(3).max(500),
    default: 30,
  },
  "kim.officerMinAge": {
    label: "Usia paling rendah pengurus (tahun)",
    schema: z.number().int().min(15).max(30),
    default: 18,
  },
  "kim.onePersonOneKim": {
    label: "Satu orang hanya boleh di satu KIM",
    schema: z.boolean(),
    default: true,
  },
  "registration.endorsementDays": {
    label: "Tenggat pengesahan kepala kampung/lurah (hari kerja)",
    schema: workingDays("Tenggat pengesahan"),
    default: 5,
  },
  "registration.endorsementGraceDays": {
    label: "Tenggat kedua pengesahan setelah eskalasi (hari kerja)",
    schema: workingDays("Tenggat kedua pengesahan"),
    default: 5,
  },
  "registration.verificationDays": {
    label: "Tenggat verifikasi Diskominfo (hari kerja)",
    schema: workingDays("Tenggat verifikasi"),
    default: 5,
  },
  "registration.verificationEscalationDays": {
    label: "Tenggat tiap tingkat eskalasi verifikasi (hari kerja)",
    schema: workingDays("Tenggat eskalasi verifikasi"),
    default: 2,
  },
  "registration.revisionDays": {
    label: "Tenggat perbaikan oleh pemohon (hari kerja)",
    schema: workingDays("Tenggat perbaikan"),
    default: 10,
  },
  "reminder.daysBefore": {
    label: "Pengingat dikirim sekian hari kerja sebelum tenggat",
    schema: z.number().int().min(0).max(10),
    default: 1,
  },
  "aspiration.verificationDays": {
    label: "Tenggat verifikasi dan penerusan aspirasi (hari kerja)",
    schema: workingDays("Tenggat verifikasi aspirasi"),
    default: 3,
  },
  // The agency's deadline per kind of report; a category may set its own (categories.response_days).
  "aspiration.agencyResponseDays.aspirasi": {
    label: "Tenggat tindak lanjut OPD untuk aspirasi (hari kerja)",
    schema: workingDays("Tenggat tindak lanjut aspirasi"),
    default: 5,
  },
  "aspiration.agencyResponseDays.pengaduan": {
    label: "Tenggat tindak lanjut OPD untuk pengaduan (hari kerja)",
    schema: workingDays("Tenggat tindak lanjut pengaduan"),
    default: 5,
  },
  "aspiration.agencyResponseDays.permintaan_informasi": {
    label: "Tenggat tindak lanjut OPD untuk permintaan informasi (hari kerja)",
    schema: workingDays("Tenggat tindak lanjut permintaan informasi"),
    default: 5,
  },
  "aspiration.investigationDays": {
    label: "Tenggat kasus yang memerlukan pemeriksaan lapangan (hari kerja)",
    schema: workingDays("Tenggat pemeriksaan lapangan"),
    default: 60,
  },
  "aspiration.extensionDays": {
    label: "Perpanjangan tenggat OPD bila disetujui kepala OPD (hari kerja)",
    schema: workingDays("Perpanjangan tenggat"),
    default: 5,
  },
  "aspiration.replyDays": {
    label: "Tenggat pelapor melengkapi keterangan (hari kerja)",
    schema: workingDays("Tenggat keterangan pelapor"),
    default: 10,
  },
  "aspiration.escalationStepDays": {
    label: "Tenggat tiap tingkat eskalasi aspirasi (hari kerja)",
    schema: workingDays("Tenggat tiap tingkat eskalasi"),
    default: 2,
  },
  "aspiration.autoCloseDays": {
    label: "Laporan ditutup otomatis bila pelapor tidak menanggapi jawaban; juga batas membuka kembali (hari kerja)",
    schema: workingDays("Tenggat tutup otomatis"),
    default: 10,
  },
  // The KIM quality rubric of the monthly statistics: Simpul's own (there is no national scheme).
  "stats.quality.decreeWeight": {
    label: "Bobot mutu KIM: SK pembentukan lengkap dengan pindaian",
    schema: weight(),
    default: 25,
  },
  "stats.quality.membersWeight": {
    label: "Bobot mutu KIM: jumlah anggota (penuh bila mencapai target)",
    schema: weight(),
    default: 25,
  },
  "stats.quality.membersTarget": {
    label: "Target jumlah anggota untuk bobot penuh",
    schema: z.number().int().min(1).max(500),
    default: 15,
  },
  "stats.quality.aspirationsWeight": {
    label: "Bobot mutu KIM: aspirasi warga yang diteruskan bulan itu (penuh bila mencapai target)",
    schema: weight(),
    default: 25,
  },
  "stats.quality.aspirationsTarget": {
    label: "Target aspirasi diteruskan sebulan untuk bobot penuh",
    schema: z.number().int().min(1).max(500),
    default: 3,
  },
  "stats.quality.onlineWeight": {
    label: "Bobot mutu KIM: hadir daring (situs web atau media sosial)",
    schema: weight(),
    default: 25,
  },
  "stats.quality.activityWeight": {
    label: "Bobot mutu KIM: laporan kegiatan (belum dicatat Simpul; biarkan 0 sampai fiturnya ada)",
    schema: weight(),
    default: 0,
  },
  "stats.tier.1.name": { label: "Nama tingkat KIM terendah", schema: tierName(), default: "Pratama" },
  "stats.tier.2.name": { label: "Nama tingkat KIM tengah", schema: tierName(), default: "Madya" },
  "stats.tier.3.name": { label: "Nama tingkat KIM tertinggi", schema: tierName(), default: "Utama" },
  "stats.tier.2.min": {
    label: "Nilai mutu paling rendah untuk tingkat tengah (0–100)",
    schema: z.number().min(0).max(100),
    default: 40,
  },
  "stats.tier.3.min": {
    label: "Nilai mutu paling rendah untuk tingkat tertinggi (0–100)",
    schema: z.number().min(0).max(100),
    default: 70,
  },
  "retention.rejectedRegistrationDays": {
    label: "Data pribadi pendaftaran yang ditolak dihapus setelah (hari)",
    schema: z.number().int().min(30).max(3650),
    default: 365,
  },
  "retention.closedAspirationDays": {
    label: "Data pribadi aspirasi yang selesai dianonimkan setelah (hari)",
    schema: z.number().int().min(30).max(3650),
    default: 730,
  },
} as const;

export type SettingKey = keyof typeof SETTING_DEFINITIONS;
/** The value type of each rule is what its schema accepts, not the literal type of its default. */
export type Settings = { -readonly [K in SettingKey]: z.output<(typeof SETTING_DEFINITIONS)[K]["schema"]> };
export const SETTING_KEYS = Object.keys(SETTING_DEFINITIONS) as SettingKey[];

export const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(SETTING_DEFINITIONS, key);

/**
 * The rules in force: each stored override that still passes its schema, else the default.
 * An override that no longer validates (a rule tightened in a later release) falls back to the
 * default and is reported in `invalid`, so nothing silently runs on a bad value.
 */
export function resolveSettings(stored: ReadonlyArray<{ key: string; value: unknown }>): {
  settings: Settings;
  invalid: SettingKey[];
} {
  const settings = Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTING_DEFINITIONS[k].default])) as Settings;
  const invalid: SettingKey[] = [];
  for (const { key, value } of stored) {
    if (!isSettingKey(key)) continue;
    const parsed = SETTING_DEFINITIONS[key].schema.safeParse(value);
    if (parsed.success) (settings as Record<SettingKey, unknown>)[key] = parsed.data;
    else invalid.push(key);
  }
  if (settings["stats.tier.2.min"] > settings["stats.tier.3.min"]) {
    invalid.push("stats.tier.2.min", "stats.tier.3.min");
    settings["stats.tier.2.min"] = SETTING_DEFINITIONS["stats.tier.2.min"].default;
    settings["stats.tier.3.min"] = SETTING_DEFINITIONS["stats.tier.3.min"].default;
  }
  if (settings["kim.memberCountMin"] > settings["kim.memberCountMax"]) {
    invalid.push("kim.memberCountMin", "kim.memberCountMax");
    settings["kim.memberCountMin"] = SETTING_DEFINITIONS["kim.memberCountMin"].default;
    settings["kim.memberCountMax"] = SETTING_DEFINITIONS["kim.memberCountMax"].default;
  }
  return { settings, invalid };
}
