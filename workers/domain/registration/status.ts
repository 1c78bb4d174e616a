/**
 * The life of a KIM registration as a state machine. The Workflow, the services and the pages all
 * ask this module which move is allowed; nothing else decides it.
 *
 * ```
 * awaiting_endorsement --endorse--> awaiting_verification --approve--> approved
 *        |  \--reject--> rejected          |  |  \--reject--> rejected
 *        |  \--expire--> expired           |  \--revise--> needs_revision --resubmit--> awaiting_verification
 *        |                                 |                  |   \--resubmit (village changed)--> awaiting_endorsement
 *        |                                 |                  \--expire--> expired
 *        \------------- withdraw (from any of the three pending statuses) --> withdrawn
 * ```
 */
export const REGISTRATION_STATUSES = [
  "awaiting_endorsement",
  "awaiting_verification",
  "needs_revision",
  "approved",
  "rejected",
  "expired",
  "withdrawn",
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** Still in the approval process: holds its village and its people, and may be withdrawn. */
export const PENDING_STATUSES = ["awaiting_endorsement", "awaiting_verification", "needs_revision"] as const;
/** An active KIM. */
export const ACTIVE_STATUSES = ["approved"] as const;
/** Statuses that hold the village and the members' NIKs (see `domain/registration/locks.ts`). */
export const LOCK_HOLDING_STATUSES = [...PENDING_STATUSES, ...ACTIVE_STATUSES] as const;
/** Closed without becoming a KIM: releases everything, never moves again. */
export const CLOSED_STATUSES = ["rejected", "expired", "withdrawn"] as const;

export const REGISTRATION_EVENTS = [
  "endorse",
  "reject",
  "approve",
  "revise",
  "resubmit",
  "withdraw",
  "expire",
] as const;
export type RegistrationEvent = (typeof REGISTRATION_EVENTS)[number];

/** Status names for people. */
export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  awaiting_endorsement: "Menunggu pengesahan kepala kampung/lurah",
  awaiting_verification: "Menunggu verifikasi Diskominfo",
  needs_revision: "Perlu perbaikan oleh pemohon",
  approved: "Disetujui (KIM aktif)",
  rejected: "Ditolak",
  expired: "Kedaluwarsa",
  withdrawn: "Dibatalkan oleh pemohon",
};

const EVENT_LABELS: Record<RegistrationEvent, string> = {
  endorse: "disahkan",
  reject: "ditolak",
  approve: "disetujui",
  revise: "dikembalikan untuk perbaikan",
  resubmit: "dikirim ulang",
  withdraw: "dibatalkan",
  expire: "dinyatakan kedaluwarsa",
};

/** Next status for each allowed (status, event); `resubmit` is resolved in `transition`. */
const TRANSITIONS: Record<RegistrationStatus, Partial<Record<RegistrationEvent, RegistrationStatus>>> = {
  awaiting_endorsement: {
    endorse: "awaiting_verification",
    reject: "rejected",
    withdraw: "withdrawn",
    expire: "expired",
  },
  awaiting_verification: {
    approve: "approved",
    reject: "rejected",
    revise: "needs_revision",
    withdraw: "withdrawn",
  },
  needs_revision: {
    resubmit: "awaiting_verification",
    withdraw: "withdrawn",
    expire: "expired",
  },
  approved: {},
  rejected: {},
  expired: {},
  withdrawn: {},
};

export interface TransitionOptions {
  /** For `resubmit`: the applicant moved the registration to another village, which must endorse it anew. */
  villageChanged?: boolean;
}

export type TransitionResult =
  | { ok: true; status: RegistrationStatus }
  | { ok: false; error: { code: "invalid_transition"; message: string } };

/**
 * The status after `event`, or an error when the event is not allowed in `status`.
 *
 * @example
 * transition("awaiting_endorsement", "endorse") // { ok: true, status: "awaiting_verification" }
 * transition("needs_revision", "resubmit", { villageChanged: true }) // { ok: true, status: "awaiting_endorsement" }
 * transition("approved", "withdraw") // { ok: false, error: { code: "invalid_transition", message: "…" } }
 */
export function transition(
  status: RegistrationStatus,
  event: RegistrationEvent,
  options: TransitionOptions = {},
): TransitionResult {
  const next = TRANSITIONS[status][event];
  if (!next) {
    return {
      ok: false,
      error: {
        code: "invalid_transition",
        message: `Pendaftaran berstatus "${REGISTRATION_STATUS_LABELS[status]}" tidak dapat ${EVENT_LABELS[event]}.`,
      },
    };
  }
  if (event === "resubmit" && options.villageChanged) return { ok: true, status: "awaiting_endorsement" };
  return { ok: true, status: next };
}

/** The events allowed in `status`, e.g. to choose which actions a page offers. */
export function allowedEvents(status: RegistrationStatus): RegistrationEvent[] {
  return REGISTRATION_EVENTS.filter((event) => TRANSITIONS[status][event] !== undefined);
}

const includes = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

/** True while the registration is in the approval process. */
export const isPending = (status: RegistrationStatus) => includes(PENDING_STATUSES, status);

/** True for a pending registration or an active KIM: the statuses that occupy a village and its people. */
export const holdsLocks = (status: RegistrationStatus) => includes(LOCK_HOLDING_STATUSES, status);
