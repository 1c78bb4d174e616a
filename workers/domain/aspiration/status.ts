/**
 * The life of an aspiration as a state machine. The Workflow, the services and the pages all ask
 * this module which move is allowed; nothing else decides it. Being overdue and the escalation
 * level are properties of a case (its deadline rows), not statuses.
 *
 * ```
 * received --route--> routed --start--> in_progress --answer--> answered --accept/close--> closed
 *    |  \--request_info--> needs_info --reply--> received     |        \--reopen (≤ 2)--> routed
 *    |                         \--close (no reply)--> closed  \--transfer--> routed (another agency)
 *    \--reject--> rejected     \--decline--> not_in_authority
 * routed and in_progress may also be answered directly, and transferred.
 * ```
 */
export const ASPIRATION_STATUSES = [
  "received",
  "needs_info",
  "routed",
  "in_progress",
  "answered",
  "closed",
  "rejected",
  "not_in_authority",
] as const;
export type AspirationStatus = (typeof ASPIRATION_STATUSES)[number];

export const ASPIRATION_EVENTS = [
  "route",
  "request_info",
  "reply",
  "reject",
  "decline",
  "start",
  "transfer",
  "answer",
  "accept",
  "reopen",
  "close",
] as const;
export type AspirationEvent = (typeof ASPIRATION_EVENTS)[number];

/**
 * Every kind of timeline entry: the status-changing events, and what happens without changing the
 * status (submission, an escalation step, a request waiting for a decision, a rating, the
 * retention job removing the reporter's personal data).
 */
export const ASPIRATION_TIMELINE_KINDS = [
  "submit",
  ...ASPIRATION_EVENTS,
  "escalate",
  "request_transfer",
  "refuse_transfer",
  "request_extension",
  "decide_extension",
  "classify",
  "rate",
  "anonymise",
] as const;
export type AspirationTimelineKind = (typeof ASPIRATION_TIMELINE_KINDS)[number];

/** With Diskominfo's verifiers: not yet routed to an agency. */
export const VERIFICATION_STATUSES = ["received", "needs_info"] as const;
/** With an agency: its deadline runs and the escalation ladder climbs. */
export const AGENCY_STATUSES = ["routed", "in_progress"] as const;
/** Never moves again. */
export const FINAL_STATUSES = ["closed", "rejected", "not_in_authority"] as const;

export const isFinal = (status: AspirationStatus) => (FINAL_STATUSES as readonly string[]).includes(status);
export const isWithAgency = (status: AspirationStatus) => (AGENCY_STATUSES as readonly string[]).includes(status);

/** Status names for people. */
export const ASPIRATION_STATUS_LABELS: Record<AspirationStatus, string> = {
  received: "Diterima, menunggu verifikasi",
  needs_info: "Menunggu keterangan tambahan dari pelapor",
  routed: "Diteruskan ke OPD",
  in_progress: "Sedang ditindaklanjuti OPD",
  answered: "Sudah dijawab",
  closed: "Selesai",
  rejected: "Ditolak",
  not_in_authority: "Bukan kewenangan Pemerintah Kabupaten",
};

/** What each event reads as on the public timeline. */
export const ASPIRATION_EVENT_LABELS: Record<AspirationEvent, string> = {
  route: "diteruskan ke OPD",
  request_info: "pelapor diminta melengkapi keterangan",
  reply: "pelapor melengkapi keterangan",
  reject: "ditolak",
  decline: "dinyatakan bukan kewenangan",
  start: "mulai ditindaklanjuti",
  transfer: "dialihkan ke OPD lain",
  answer: "dijawab",
  accept: "jawaban diterima pelapor",
  reopen: "dibuka kembali oleh pelapor",
  close: "ditutup",
};

const TRANSITIONS: Record<AspirationStatus, Partial<Record<AspirationEvent, AspirationStatus>>> = {
  received: { route: "routed", request_info: "needs_info", reject: "rejected", decline: "not_in_authority" },
  needs_info: { reply: "received", close: "closed" },
  routed: { start: "in_progress", answer: "answered", transfer: "routed" },
  in_progress: { answer: "answered", transfer: "routed" },
  answered: { accept: "closed", reopen: "routed", close: "closed" },
  closed: {},
  rejected: {},
  not_in_authority: {},
};

/**
 * The status after `event`, or undefined when the event is not allowed from `status`.
 *
 * @example
 * nextStatus("received", "route") // "routed"
 * nextStatus("closed", "reopen") // undefined
 */
export function nextStatus(status: AspirationStatus, event: AspirationEvent): AspirationStatus | undefined {
  return TRANSITIONS[status][event];
}

/** The statuses from which `event` is allowed: the guard a conditional UPDATE checks. */
export function statusesAllowing(event: AspirationEvent): AspirationStatus[] {
  return ASPIRATION_STATUSES.filter((s) => TRANSITIONS[s][event] !== undefined);
}

/** A reporter may reopen an answered case at most this many times. */
export const MAX_REOPENS = 2;
