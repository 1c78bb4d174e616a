/** The three kinds of report of the SP4N-LAPOR! frame (DOMAIN.md). */
export const ASPIRATION_KINDS = ["aspirasi", "pengaduan", "permintaan_informasi"] as const;
export type AspirationKind = (typeof ASPIRATION_KINDS)[number];

export const ASPIRATION_KIND_LABELS: Record<AspirationKind, string> = {
  aspirasi: "Aspirasi (saran atau usulan)",
  pengaduan: "Pengaduan",
  permintaan_informasi: "Permintaan informasi",
};

/**
 * Deadline classes of the agency stage: the standard follow-up, and the long class for a case the
 * agency classifies as needing a field investigation (Perpres 76/2013: 60 days).
 */
export const DEADLINE_CLASSES = ["standard", "investigation"] as const;
export type DeadlineClass = (typeof DEADLINE_CLASSES)[number];

/** The stages that carry a deadline row. */
export const DEADLINE_STAGES = ["verification", "needs_info", "agency", "feedback"] as const;
export type DeadlineStage = (typeof DEADLINE_STAGES)[number];
