/**
 * What a monthly snapshot holds: scopes and metrics by name, with the words people read. A metric
 * name is stable (the CSV and the API use it); the label may be reworded.
 */

export const STATS_SCOPES = ["kabupaten", "kecamatan", "agency", "kind", "category", "kim", "tier"] as const;
export type StatsScope = (typeof STATS_SCOPES)[number];

export const KIM_METRICS = {
  villages: "Kampung/kelurahan",
  villages_with_kim: "Kampung/kelurahan dengan KIM aktif",
  coverage_pct: "Cakupan KIM (%)",
  active_kims: "KIM aktif",
  new_kims: "KIM baru disetujui",
  registrations_submitted: "Pendaftaran masuk",
  registrations_approved: "Pendaftaran disetujui",
  registrations_rejected: "Pendaftaran ditolak",
  registrations_expired: "Pendaftaran kedaluwarsa",
  members_total: "Anggota KIM",
  members_new: "Anggota baru",
  members_male: "Anggota laki-laki",
  members_female: "Anggota perempuan",
  median_days_to_approval: "Median hari kerja dari pendaftaran sampai disetujui",
  quality_avg: "Nilai mutu KIM rata-rata",
  quality_score: "Nilai mutu KIM",
  tier: "Tingkat KIM",
  tier_1_kims: "KIM tingkat 1",
  tier_2_kims: "KIM tingkat 2",
  tier_3_kims: "KIM tingkat 3",
  kims: "Jumlah KIM",
} as const;

export const ASPIRATION_METRICS = {
  aspirations_received: "Aspirasi masuk",
  aspirations_answered: "Aspirasi dijawab",
  aspirations_closed: "Aspirasi selesai",
  deadlines_due: "Tenggat yang jatuh tempo",
  deadlines_on_time: "Tenggat dipenuhi tepat waktu",
  on_time_pct: "Tepat waktu (%)",
  on_time_pct_verification: "Verifikasi tepat waktu (%)",
  on_time_pct_agency: "Tindak lanjut OPD tepat waktu (%)",
  escalations_level_1: "Eskalasi tingkat 1",
  escalations_level_2: "Eskalasi tingkat 2",
  escalations_level_3: "Eskalasi tingkat 3 (kritis)",
  open_at_month_end: "Aspirasi terbuka di akhir bulan",
  overdue_at_month_end: "Aspirasi terlambat di akhir bulan",
  average_rating: "Rata-rata penilaian pelapor",
  median_days_to_first_answer: "Median hari kerja sampai jawaban pertama",
} as const;

export type StatsMetric = keyof typeof KIM_METRICS | keyof typeof ASPIRATION_METRICS;

export const METRIC_LABELS: Record<StatsMetric, string> = { ...KIM_METRICS, ...ASPIRATION_METRICS };

/** A rate in percent with one decimal, or null when there is nothing to divide. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}
