import { asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { agencies, areas, aspirationEvents, aspirations, categories } from "../../../schema";
import type { AppConfig } from "../../config";
import type { Db } from "../../db";
import { ASPIRATION_KIND_LABELS, type AspirationKind } from "../../domain/aspiration/kinds";
import { isPubliclyListable, type PrivacyMode, reporterShownTo } from "../../domain/aspiration/privacy";
import {
  ASPIRATION_STATUS_LABELS,
  type AspirationStatus,
  type AspirationTimelineKind,
  isFinal,
  MAX_REOPENS,
} from "../../domain/aspiration/status";
import { formatWitaHuman, formatWitaIso } from "../../domain/time";
import { equalSecrets, hmacSign } from "../../tokens";

/** What the public timeline calls each kind of entry. */
export const TIMELINE_LABELS: Record<AspirationTimelineKind, string> = {
  submit: "Laporan diterima",
  route: "Diteruskan ke perangkat daerah",
  request_info: "Pelapor diminta melengkapi keterangan",
  reply: "Pelapor melengkapi keterangan",
  reject: "Ditolak",
  decline: "Dinyatakan bukan kewenangan Pemerintah Kabupaten",
  start: "Mulai ditindaklanjuti",
  transfer: "Dialihkan ke perangkat daerah lain",
  answer: "Dijawab",
  accept: "Jawaban diterima pelapor",
  reopen: "Dibuka kembali oleh pelapor",
  close: "Ditutup",
  escalate: "Dilaporkan kepada atasan karena tenggat terlewati",
  request_transfer: "Perangkat daerah meminta pengalihan",
  refuse_transfer: "Permintaan pengalihan tidak disetujui",
  request_extension: "Perangkat daerah meminta perpanjangan waktu",
  decide_extension: "Permintaan perpanjangan waktu diputuskan",
  classify: "Memerlukan pemeriksaan lapangan",
  rate: "Pelapor memberi penilaian",
  anonymise: "Data pribadi pelapor dihapus karena masa retensi berakhir",
};

/**
 * A case as anyone holding its tracking code may see it. Holds no identity of the reporter
 * except a `publik` reporter's name, and no official's internal note.
 */
export interface AspirationTracking {
  code: string;
  kind: AspirationKind;
  kindLabel: string;
  category: string;
  village: string | null;
  title: string;
  description: string;
  /** Only for a `publik` report; null otherwise. */
  reporterName: string | null;
  status: AspirationStatus;
  statusLabel: string;
  agency: string | null;
  /** The current stage's deadline in WITA (ISO 8601), null in a final status. */
  dueAt: string | null;
  dueAtLabel: string | null;
  publicAnswer: string | null;
  rating: number | null;
  /** How many more times the reporter may reopen the case after an answer. */
  reopensLeft: number;
  timeline: { kind: AspirationTimelineKind; label: string; at: string; atLabel: string; note: string | null }[];
}

/**
 * The key that opens a `rahasia` case's tracking page, besides its code: an HMAC of the code, so
 * it needs no storage, and a stranger who learns or guesses a code sees the same "not found" as
 * for a code that does not exist. Non-secret cases need no key.
 */
export async function trackingKey(config: Pick<AppConfig, "signingKey">, code: string): Promise<string> {
  return (await hmacSign(config.signingKey, `aspiration-tracking|${code}`)).slice(0, 16);
}

/** The public tracking page of a case: with its key for a `rahasia` case, which is never public. */
export async function aspirationTrackingPath(
  config: Pick<AppConfig, "signingKey">,
  code: string,
  privacy: PrivacyMode,
): Promise<string> {
  const path = `/lacak/${code}`;
  return isPubliclyListable(privacy) ? path : `${path}?kunci=${await trackingKey(config, code)}`;
}

/** True when `key` is the tracking key of `code`. */
export async function keyOpens(config: Pick<AppConfig, "signingKey">, code: string, key: string | undefined) {
  return key !== undefined && equalSecrets(key, await trackingKey(config, code));
}

/**
 * The public view of one case, or undefined for an unknown code, and for a `rahasia` case opened
 * without its key. One D1 round trip: the case with its names, and its timeline.
 *
 * @example
 * await getAspirationTracking({ db, config }, "ASP-7K3Q-H9TM")
 * // { status: "routed", agency: "Dinas Pekerjaan Umum dan Penataan Ruang", timeline: [...], … }
 */
export async function getAspirationTracking(
  deps: { db: Db; config: Pick<AppConfig, "signingKey"> },
  code: string,
  key?: string,
): Promise<AspirationTracking | undefined> {
  const { db } = deps;
  const village = alias(areas, "village");
  const [found, events] = await db.batch([
    db
      .select({
        code: aspirations.code,
        kind: aspirations.kind,
        // Aliased: columns of the same name collide inside db.batch (drizzle maps them by name).
        category: sql<string>`${categories.name}`.as("category_name"),
        village: sql<string | null>`${village.name}`.as("village_name"),
        title: aspirations.title,
        description: aspirations.description,
        privacy: aspirations.privacy,
        reporterName: aspirations.reporterName,
        status: aspirations.status,
        agency: sql<string | null>`${agencies.name}`.as("agency_name"),
        dueAt: aspirations.dueAt,
        publicAnswer: aspirations.publicAnswer,
        rating: aspirations.rating,
        reopenCount: aspirations.reopenCount,
      })
      .from(aspirations)
      .innerJoin(categories, eq(categories.id, aspirations.categoryId))
      .leftJoin(village, eq(village.code, aspirations.villageCode))
      .leftJoin(agencies, eq(agencies.id, aspirations.agencyId))
      .where(eq(aspirations.code, code)),
    db
      .select({ kind: aspirationEvents.kind, at: aspirationEvents.at, note: aspirationEvents.publicNote })
      .from(aspirationEvents)
      .where(eq(aspirationEvents.code, code))
      .orderBy(asc(aspirationEvents.at), asc(aspirationEvents.id)),
  ]);
  const row = found[0];
  if (!row) return undefined;
  if (!isPubliclyListable(row.privacy as PrivacyMode) && !(await keyOpens(deps.config, code, key))) return undefined;
  const due = row.dueAt && !isFinal(row.status) ? new Date(row.dueAt) : undefined;
  return {
    code: row.code,
    kind: row.kind,
    kindLabel: ASPIRATION_KIND_LABELS[row.kind],
    category: row.category,
    village: row.village,
    title: row.title,
    description: row.description,
    reporterName: reporterShownTo("public", row.privacy, {
      name: row.reporterName,
      email: null,
      phone: null,
    }).name,
    status: row.status,
    statusLabel: ASPIRATION_STATUS_LABELS[row.status],
    agency: row.agency,
    dueAt: due ? formatWitaIso(due) : null,
    dueAtLabel: due ? formatWitaHuman(due) : null,
    publicAnswer: row.publicAnswer,
    rating: row.rating,
    reopensLeft: Math.max(0, MAX_REOPENS - row.reopenCount),
    timeline: events.map((e) => ({
      kind: e.kind,
      label: TIMELINE_LABELS[e.kind],
      at: formatWitaIso(new Date(e.at)),
      atLabel: formatWitaHuman(new Date(e.at)),
      note: e.note,
    })),
  };
}
