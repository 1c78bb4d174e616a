import { asc, eq } from "drizzle-orm";
import { areas, type RegistrationEventKind, registrationEvents, registrations } from "../../../schema";
import type { Db } from "../../db";
import { workingDaysBetween } from "../../domain/calendar";
import { REGISTRATION_STATUS_LABELS, type RegistrationStatus } from "../../domain/registration/status";
import { formatWitaHuman, formatWitaIso, witaDate } from "../../domain/time";
import { loadHolidayCalendar } from "../calendar";

/** What the public timeline calls each event. */
export const EVENT_KIND_LABELS: Record<RegistrationEventKind, string> = {
  submit: "Pendaftaran dikirim",
  endorse: "Disahkan kepala kampung/lurah",
  reject: "Ditolak",
  approve: "Disetujui, KIM aktif",
  revise: "Dikembalikan kepada pemohon untuk perbaikan",
  resubmit: "Dikirim ulang setelah perbaikan",
  withdraw: "Dibatalkan oleh pemohon",
  expire: "Kedaluwarsa karena tenggat terlewati",
  remind: "Pengingat tenggat dikirim",
  escalate: "Diteruskan kepada atasan karena tenggat terlewati",
  members_change: "Daftar anggota diubah",
  anonymise: "Data pribadi dihapus karena masa retensi berakhir",
};

/**
 * A registration as anyone holding its id may see it: status, deadline and timeline. Holds no
 * personal data: no names, NIKs, phones, e-mails, reasons or notes, only kinds, statuses and times.
 */
export interface RegistrationTracking {
  id: string;
  kimName: string;
  village: { code: string; name: string };
  status: RegistrationStatus;
  statusLabel: string;
  /** The KIM's registration number once approved ("KIM-6403051006-001"), else null. */
  registrationNumber: string | null;
  /** The current stage's deadline in WITA (ISO 8601), null once the registration is approved or closed. */
  dueAt: string | null;
  /** "27 Maret 2026, 23.59 WITA" */
  dueAtLabel: string | null;
  /** Working days past the deadline, 0 when not late. */
  workingDaysLate: number;
  /** False when the deadline or the lateness was counted over a year whose holidays are not loaded. */
  calendarComplete: boolean;
  timeline: {
    kind: RegistrationEventKind;
    label: string;
    at: string;
    atLabel: string;
    status: RegistrationStatus | null;
  }[];
}

/**
 * The public view of one registration at moment `now`, or undefined for an unknown id. Two D1
 * round trips at most: the registration with its timeline, and the holidays since the deadline
 * when it has passed.
 *
 * @example
 * await getRegistrationTracking(db, "REG-7K3M9QXT2B", now)
 * // { status: "awaiting_endorsement", dueAtLabel: "27 Maret 2026, 23.59 WITA", workingDaysLate: 0, … }
 */
export async function getRegistrationTracking(
  db: Db,
  id: string,
  now: Date,
): Promise<RegistrationTracking | undefined> {
  const [found, events] = await db.batch([
    db
      .select({
        id: registrations.id,
        kimName: registrations.kimName,
        status: registrations.status,
        registrationNumber: registrations.registrationNumber,
        dueAt: registrations.dueAt,
        calendarComplete: registrations.calendarComplete,
        villageCode: registrations.villageCode,
        villageName: areas.name,
      })
      .from(registrations)
      .innerJoin(areas, eq(areas.code, registrations.villageCode))
      .where(eq(registrations.id, id)),
    db
      .select({ kind: registrationEvents.kind, at: registrationEvents.at, toStatus: registrationEvents.toStatus })
      .from(registrationEvents)
      .where(eq(registrationEvents.registrationId, id))
      .orderBy(asc(registrationEvents.at), asc(registrationEvents.id)),
  ]);
  const registration = found[0];
  if (!registration) return undefined;

  const due = registration.dueAt ? new Date(registration.dueAt) : undefined;
  let workingDaysLate = 0;
  let calendarComplete = registration.calendarComplete;
  if (due && now > due) {
    const late = workingDaysBetween(due, now, await loadHolidayCalendar(db, witaDate(due), witaDate(now)));
    workingDaysLate = Math.max(0, late.days);
    calendarComplete &&= late.calendarComplete;
  }
  return {
    id: registration.id,
    kimName: registration.kimName,
    village: { code: registration.villageCode, name: registration.villageName },
    status: registration.status,
    statusLabel: REGISTRATION_STATUS_LABELS[registration.status],
    registrationNumber: registration.registrationNumber,
    dueAt: due ? formatWitaIso(due) : null,
    dueAtLabel: due ? formatWitaHuman(due) : null,
    workingDaysLate,
    calendarComplete,
    timeline: events.map((e) => ({
      kind: e.kind,
      label: EVENT_KIND_LABELS[e.kind],
      at: formatWitaIso(new Date(e.at)),
      atLabel: formatWitaHuman(new Date(e.at)),
      status: e.toStatus,
    })),
  };
}
