/**
 * Synthetic, deterministic data at a scale factor, on real areas:
 * - `1x`: Berau (the shipped CSV: 110 villages), 30 KIM registrations, 5,000 aspirations;
 * - `10x`: Berau and the next regencies of East Kalimantan until at least 1,100 villages, 300 and 50,000;
 * - `national`: every village of `idn-area-data` (83,762), 100,000 registrations, 1,000,000 aspirations;
 * - `fresh`: Berau's areas, the agencies and the calendar only.
 * Every scale also gets twelve agencies with two categories each and the 2025–2026 holidays.
 * Two years of history end with `LAST_MONTH`, growing month by month. The same scale always gives
 * the same rows (a seeded generator), written by the seeder Worker (`server.ts`) with multi-row
 * INSERTs of at most 100 bound parameters in D1 batches, with a progress line.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { monthBounds, shiftMonth } from "../../workers/domain/stats/month";
import { type BenchServer, ROOT } from "./server";

export const SCALES = {
  fresh: { villages: 110, registrations: 0, aspirations: 0 },
  "1x": { villages: 110, registrations: 30, aspirations: 5_000 },
  "10x": { villages: 1_100, registrations: 300, aspirations: 50_000 },
  national: { villages: Number.POSITIVE_INFINITY, registrations: 100_000, aspirations: 1_000_000 },
} as const;
export type Scale = keyof typeof SCALES;

/** The month whose statistics the benchmark computes: the last month of the generated history. */
export const LAST_MONTH = "2026-10";
const HISTORY_MONTHS = 24;
const FIRST_MONTH = shiftMonth(LAST_MONTH, -(HISTORY_MONTHS - 1));
/** Bump when the generated rows change, so a cached state is seeded again. */
export const SEED_VERSION = 4;

/** Rows generated between writes: bounds memory at national scale. */
const CHUNK = 2_000;
const DAY = 86_400_000;

/** mulberry32: a small, fast, seeded generator; the same seed gives the same data. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}

interface Area {
  code: string;
  name: string;
  level: string;
  parent_code: string;
}

type CsvRow = Record<string, string>;
const csv = (file: string): CsvRow[] => parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true });

/** Real areas: Berau's shipped CSV, then whole regencies from idn-area-data in code order. */
export function areasAt(scale: Scale): Area[] {
  const berau = csv(path.join(ROOT, "data", "wilayah_berau.csv")) as unknown as Area[];
  if (scale === "1x" || scale === "fresh") return berau;
  const dir = path.join(ROOT, "node_modules", "idn-area-data", "data");
  const regencies = csv(path.join(dir, "regencies.csv"));
  const districts = csv(path.join(dir, "districts.csv"));
  const villages = csv(path.join(dir, "villages.csv"));
  const districtsOf = Map.groupBy(districts, (d) => d.regency_code ?? "");
  const villagesOf = Map.groupBy(villages, (v) => v.district_code ?? "");
  const wanted = SCALES[scale].villages;
  // East Kalimantan's regencies first (Berau's neighbours), then the rest of the country in code order.
  const chosen = [
    ...regencies.filter((r) => r.province_code === "64"),
    ...regencies.filter((r) => r.province_code !== "64"),
  ];
  const areas: Area[] = [...berau];
  let villageCount = berau.filter((a) => a.level !== "kabupaten" && a.level !== "kecamatan").length;
  for (const regency of chosen) {
    if (regency.code === "64.03") continue;
    if (villageCount >= wanted) break;
    const province = regency.province_code ?? "";
    areas.push({ code: regency.code ?? "", name: regency.name ?? "", level: "kabupaten", parent_code: province });
    for (const d of districtsOf.get(regency.code ?? "") ?? []) {
      areas.push({ code: d.code ?? "", name: d.name ?? "", level: "kecamatan", parent_code: regency.code ?? "" });
      for (const v of villagesOf.get(d.code ?? "") ?? []) {
        const kelurahan = (v.code ?? "").split(".")[3]?.startsWith("1");
        areas.push({
          code: v.code ?? "",
          name: v.name ?? "",
          level: kelurahan ? "kelurahan" : "desa",
          parent_code: d.code ?? "",
        });
        villageCount++;
      }
    }
  }
  return areas;
}

/**
 * Collects rows per table and writes them on `flush()`, table by table in the order each was
 * first written (parents before the rows that reference them). Callers flush every chunk of rows.
 */
class Writer {
  private pending = new Map<string, { columns: string[]; rows: unknown[][] }>();
  rowsWritten = 0;
  constructor(
    private readonly write: BenchServer["insertRows"],
    private readonly onFlush: () => void,
  ) {}

  insert(table: string, row: Record<string, unknown>): void {
    let entry = this.pending.get(table);
    if (!entry) {
      entry = { columns: Object.keys(row), rows: [] };
      this.pending.set(table, entry);
    }
    entry.rows.push(entry.columns.map((c) => row[c] ?? null));
  }

  async flush(): Promise<void> {
    const tables = [...this.pending].map(([table, { columns, rows }]) => ({ table, columns, rows }));
    for (const entry of this.pending.values()) {
      this.rowsWritten += entry.rows.length;
      entry.rows = [];
    }
    await this.write(tables.filter((t) => t.rows.length > 0));
    this.onFlush();
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const caseCode = (n: number) => {
  let s = "";
  for (let i = 0, v = n; i < 8; i++, v = Math.floor(v / 32)) s = CODE_ALPHABET[v % 32] + s;
  return `ASP-${s.slice(0, 4)}-${s.slice(4)}`;
};

export interface SeedSummary {
  villages: number;
  kecamatan: number;
  registrations: number;
  approvedKims: number;
  members: number;
  aspirations: number;
  rowsWritten: number;
  seconds: number;
}

/**
 * Seeds an empty, migrated database. `progress` is called after every batch with the rows so far
 * and the rows expected (an estimate).
 */
export async function seedScale(
  server: Pick<BenchServer, "insertRows">,
  scale: Scale,
  progress: (written: number, expected: number) => void,
): Promise<SeedSummary> {
  const started = performance.now();
  const random = generator(20261204);
  const target = SCALES[scale];
  const areas = areasAt(scale);
  const villages = areas.filter((a) => a.level === "kampung" || a.level === "desa" || a.level === "kelurahan");
  const expected = areas.length + target.registrations * 12 + Math.round(target.aspirations * 5.2);
  const writer = new Writer(server.insertRows, () => progress(writer.rowsWritten, expected));

  for (const area of areas) writer.insert("areas", { ...area });
  for (const holiday of csv(path.join(ROOT, "data", "hari_libur_2025_2026.csv")))
    writer.insert("holidays", { ...holiday });
  for (const year of [2025, 2026]) {
    writer.insert("calendar_years", {
      year,
      source: "hari_libur_2025_2026.csv",
      loaded_at: "2026-01-01T00:00:00.000Z",
    });
  }

  // Agencies and categories: twelve agencies, two categories each, as in a regency's directory.
  const agencies = Array.from({ length: 12 }, (_, i) => `bench-opd-${i + 1}`);
  for (const [i, id] of agencies.entries()) {
    writer.insert("agencies", {
      id,
      name: `Dinas Contoh ${i + 1}`,
      short_name: `DC${i + 1}`,
      contact_emails: JSON.stringify([`opd${i + 1}@example.go.id`]),
      head_email: `kepala${i + 1}@example.go.id`,
      active: 1,
    });
  }
  await writer.flush();
  const categories = agencies.flatMap((agency, i) =>
    [`bench-cat-${i}-a`, `bench-cat-${i}-b`].map((id) => ({ id, agency })),
  );
  for (const c of categories) {
    writer.insert("categories", {
      id: c.id,
      name: `Kategori ${c.id}`,
      description: "",
      agency_id: c.agency,
      active: 1,
    });
  }

  // Registrations: four in five approved, one per village (a village holds one active KIM); the rest
  // rejected or expired. Submitted across the history, more in later months (the programme grows).
  const historyStart = Date.parse(monthBounds(FIRST_MONTH).start);
  const historyEnd = Date.parse(monthBounds(LAST_MONTH).end);
  const span = historyEnd - historyStart;
  const growingMoment = () => historyStart + Math.sqrt(random.next()) * span;
  const shuffled = [...villages];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j] as Area, shuffled[i] as Area];
  }
  const approvedCount = Math.min(Math.round(target.registrations * 0.8), shuffled.length);
  const approved: { id: string; approvedAt: number }[] = [];
  let members = 0;
  for (let n = 0; n < target.registrations; n++) {
    const isApproved = n < approvedCount;
    const village = isApproved ? (shuffled[n] as Area) : random.pick(villages);
    const created = growingMoment() - 20 * DAY;
    const decided = created + (3 + random.int(20)) * DAY;
    const id = `bench-reg-${n}`;
    const status = isApproved ? "approved" : random.chance(0.5) ? "rejected" : "expired";
    writer.insert("registrations", {
      id,
      village_code: village.code,
      kim_name: `KIM ${village.name}`,
      secretariat_address: "Jalan Contoh No. 1",
      contact_email: `kim${n}@example.id`,
      contact_phone: "081200000000",
      founded_on: "2023-01-01",
      decree_number: random.chance(0.7) ? `SK/${n}/2024` : "",
      decree_date: "2024-01-01",
      decree_issuer: "Kepala Kampung",
      website: random.chance(0.3) ? `https://kim${n}.example.id` : null,
      socials: "[]",
      community_groups: "[]",
      status,
      registration_number: isApproved ? `KIM-${village.code.replaceAll(".", "")}-001` : null,
      approved_at: isApproved ? iso(decided) : null,
      village_lock: isApproved ? village.code : null,
      created_at: iso(created),
      updated_at: iso(decided),
    });
    writer.insert("registration_events", {
      registration_id: id,
      at: iso(decided),
      kind: "transition",
      actor_type: "official",
      actor_id: "bench",
      from_status: "awaiting_verification",
      to_status: status,
    });
    if (isApproved) approved.push({ id, approvedAt: decided });
    if (n % CHUNK === CHUNK - 1) await writer.flush();
  }
  await writer.flush();
  for (const [k, kim] of approved.entries()) {
    if (k % (CHUNK / 10) === 0) await writer.flush();
    const count = 10 + random.int(8);
    for (let position = 0; position < count; position++) {
      // Most members join at approval; some later.
      const joined = random.chance(0.8) ? kim.approvedAt : kim.approvedAt + random.int(300) * DAY;
      writer.insert("registration_members", {
        registration_id: kim.id,
        position,
        full_name: `Anggota ${position + 1}`,
        nik_hash: `bench-${kim.id}-${position}`,
        nik_last4: "0001",
        gender: random.chance(0.5) ? "L" : "P",
        birth_year: 1990,
        phone: "081200000000",
        role: position === 0 ? "ketua" : "anggota",
        occupation: "Wiraswasta",
        declaration_accepted_at: iso(Math.min(joined, historyEnd - DAY)),
        adult_at_submission: 1,
      });
      members++;
    }
  }
  await writer.flush();

  // Aspirations: verified within about three working days (some late), routed to the category's
  // agency; most answered, many accepted with a rating; late agency deadlines escalate.
  const kinds = ["aspirasi", "pengaduan", "permintaan_informasi"] as const;
  for (let n = 0; n < target.aspirations; n++) {
    if (n % CHUNK === 0) await writer.flush();
    const code = caseCode(n * 7919 + 12345);
    const category = random.pick(categories);
    const created = growingMoment();
    const recent = historyEnd - created < 10 * DAY;
    const rejected = random.chance(0.05);
    const verifiedAt = created + (1 + random.int(5)) * DAY;
    const verifyDue = created + 4 * DAY;
    // Most answers come within the agency's deadline, some weeks late; a few cases stay open.
    const late = random.chance(0.15);
    const answeredAt = verifiedAt + (late ? 10 + random.int(30) : 2 + random.int(6)) * DAY;
    const answered = !rejected && !recent && answeredAt < historyEnd && !random.chance(0.01);
    const agencyDue = verifiedAt + 7 * DAY;
    // An answer is accepted (with a rating) or closes by itself when the feedback window ends.
    const closedAt = rejected ? verifiedAt : answeredAt + (1 + random.int(10)) * DAY;
    const closed = rejected || (answered && closedAt < historyEnd);
    const rating = closed && !rejected && random.chance(0.5) ? 1 + random.int(5) : null;
    const status = rejected ? "rejected" : closed ? "closed" : answered ? "answered" : recent ? "received" : "routed";
    const routed = !rejected && !(recent && status === "received");
    const agency = routed ? category.agency : null;
    writer.insert("aspirations", {
      code,
      kind: random.pick(kinds),
      category_id: category.id,
      village_code: random.chance(0.7) ? random.pick(villages).code : null,
      title: `Aspirasi contoh nomor ${n}`,
      description: "Uraian aspirasi contoh untuk pengukuran kinerja Simpul.",
      privacy: "anonim",
      // One in five filed by a KIM on a citizen's behalf.
      kim_registration_id: approved.length > 0 && random.chance(0.2) ? random.pick(approved).id : null,
      photo_keys: "[]",
      status,
      agency_id: agency,
      due_at: status === "routed" ? iso(agencyDue) : status === "received" ? iso(verifyDue) : null,
      public_answer: answered ? "Terima kasih, sudah kami tindak lanjuti." : null,
      answered_at: answered ? iso(answeredAt) : null,
      rating,
      created_at: iso(created),
      updated_at: iso(closed ? closedAt : answered ? answeredAt : created),
      closed_at: closed ? iso(closedAt) : null,
    });
    const verificationMet = status === "received" ? null : verifiedAt;
    writer.insert("aspiration_deadlines", {
      code,
      stage: "verification",
      round: 1,
      started_at: iso(created),
      due_at: iso(verifyDue),
      met_at: verificationMet === null ? null : iso(verificationMet),
      breached: verificationMet !== null && verificationMet > verifyDue ? 1 : 0,
    });
    if (routed) {
      const met = answered ? answeredAt : null;
      const missed = (met ?? historyEnd) > agencyDue;
      writer.insert("aspiration_deadlines", {
        code,
        stage: "agency",
        round: 1,
        agency_id: agency,
        started_at: iso(verifiedAt),
        due_at: iso(agencyDue),
        met_at: met === null ? null : iso(met),
        breached: missed ? 1 : 0,
        escalation_level: missed ? 1 : 0,
      });
      if (missed && agencyDue < historyEnd) {
        writer.insert("aspiration_events", {
          code,
          at: iso(agencyDue),
          kind: "escalate",
          actor_type: "system",
          actor_id: "flow",
          agency_id: agency,
          detail: JSON.stringify({ level: 1 }),
        });
      }
    }
    if (answered) {
      writer.insert("aspiration_events", {
        code,
        at: iso(answeredAt),
        kind: "answer",
        actor_type: "official",
        actor_id: "bench",
        from_status: "in_progress",
        to_status: "answered",
        agency_id: agency,
      });
    }
    if (closed) {
      const kind = rejected ? "reject" : rating === null ? "close" : "accept";
      writer.insert("aspiration_events", {
        code,
        at: iso(closedAt),
        kind,
        actor_type: kind === "reject" ? "official" : kind === "close" ? "system" : "reporter",
        actor_id: kind === "reject" ? "bench" : kind === "close" ? "flow" : "reporter",
        from_status: rejected ? "received" : "answered",
        to_status: rejected ? "rejected" : "closed",
        agency_id: agency,
        detail: rating === null ? null : JSON.stringify({ rating }),
      });
    }
  }
  await writer.flush();
  return {
    villages: villages.length,
    kecamatan: areas.filter((a) => a.level === "kecamatan").length,
    registrations: target.registrations,
    approvedKims: approved.length,
    members,
    aspirations: target.aspirations,
    rowsWritten: writer.rowsWritten,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
