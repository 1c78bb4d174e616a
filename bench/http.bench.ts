/**
 * Each route's speed and cost, served from the built bundle on workerd (`lib/server.ts`, no
 * `wrangler dev` proxy), on a database at a scale (`BENCH_STATE`: fresh, 1x (default), 10x, national):
 * - throughput: autocannon at a fixed concurrency and duration, requests/s, p50 and p99 latency,
 *   and the ratio to the constant route measured in the same run (only ratios compare);
 * - CPU: the isolate's CPU time per request from a V8 profile of a fixed number of requests,
 *   against the constant route's (what Workers bill);
 * - D1: rows read and written per request, from the `Server-Timing` entry of one request.
 */
import autocannon from "autocannon";
import { officials, roleGrants } from "../schema";
import { makeNik, rawApplication, rawMembers } from "../test/fixtures/registrations";
import { parseD1ServerTiming } from "../workers/d1-meter";
import { createDb } from "../workers/db";
import { SESSION_COOKIE_FULL_NAME } from "../workers/http/auth";
import { createSession } from "../workers/services/sessions";
import { isolateCpuDuring } from "./lib/cpu-profile";
import { computeMonth } from "./lib/monthly-stats";
import { LAST_MONTH } from "./lib/seed-scale";
import type { BenchServer } from "./lib/server";
import { type StateName, serveState } from "./lib/state";

const CONNECTIONS = 10;
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Requests per CPU profile: enough that per-request figures settle. */
const PROFILED_REQUESTS = 300;

interface Route {
  name: string;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  /** A body per request (a new idempotency key, a new village). */
  body?: () => { body: string; headers?: Record<string, string> };
  /** Fixed number of requests instead of a duration (each needs something only it can use). */
  amount?: number;
  note?: string;
}

export interface RouteFigures {
  route: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ratioToCeiling: number;
  errors: number;
  non2xx: number;
  cpuMsPerRequest: number | null;
  cpuRatioToCeiling: number | null;
  d1RowsRead: number | null;
  d1RowsWritten: number | null;
  note: string;
}

/** What the routes need: a case to track, an agency officer's session, villages free for a KIM. */
async function prepareTargets(server: BenchServer) {
  const db = server.db;
  const village = await db
    .prepare("SELECT code FROM areas WHERE level IN ('kampung', 'desa', 'kelurahan') ORDER BY code LIMIT 1")
    .first<{ code: string }>();
  const category = await db
    .prepare("SELECT id, agency_id AS agency FROM categories ORDER BY id LIMIT 1")
    .first<{ id: string; agency: string }>();
  if (!village || !category) throw new Error("the benchmark state has no areas or categories");
  const report = (n: number) =>
    JSON.stringify({
      kind: "pengaduan",
      categoryId: category.id,
      villageCode: village.code,
      title: `Jalan berlubang nomor ${n}`,
      description: "Jalan poros kampung berlubang besar sejak bulan lalu dan membahayakan anak sekolah.",
    });
  const submitted = await fetch(new URL("/api/v1/aspirations", server.url), {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    body: report(0),
  });
  if (submitted.status !== 201) throw new Error(`could not submit an aspiration: ${submitted.status}`);
  const { code } = (await submitted.json()) as { code: string };

  const orm = createDb(db);
  const officialId = crypto.randomUUID();
  const at = new Date().toISOString();
  const email = `bench-${officialId.slice(0, 8)}@example.go.id`;
  await orm
    .insert(officials)
    .values({ id: officialId, name: "Petugas Bench", email, active: true, createdAt: at, updatedAt: at });
  await orm.insert(roleGrants).values({
    id: crypto.randomUUID(),
    officialId,
    role: "agency_officer",
    scopeType: "agency",
    scopeId: category.agency,
    createdAt: at,
  });
  const { token } = await createSession({ db: orm, now: () => new Date(), requestId: "bench" }, officialId);

  // Berau's villages without a KIM (the registration's NIKs are from Berau's region codes); the
  // registrations an earlier run made give their villages back first.
  await db.prepare("DELETE FROM registrations WHERE kim_name LIKE 'KIM Bench %'").run();
  const free = await db
    .prepare(
      `SELECT code FROM areas WHERE code LIKE '64.03.%' AND level IN ('kampung', 'desa', 'kelurahan')
         AND code NOT IN (SELECT village_lock FROM registrations WHERE village_lock IS NOT NULL) ORDER BY code`,
    )
    .all<{ code: string }>();
  return {
    code,
    village: village.code,
    report,
    cookie: `${SESSION_COOKIE_FULL_NAME}=${token}`,
    freeVillages: free.results.map((r) => r.code),
  };
}

/** A KIM application with ten members, each NIK new to this run. */
function registrationBody(villageCode: string, n: number): string {
  const members = rawMembers(7).map((m, i) => {
    const serial = String(((n * 10 + i) % 9999) + 1).padStart(4, "0");
    const year = 1970 + Math.floor((n * 10 + i) / 9999);
    const birthDate = `${year}-03-12`;
    return { ...m, birthDate, nik: makeNik({ birthDate, gender: m.gender as "L" | "P", serial }) };
  });
  return JSON.stringify(rawApplication({ villageCode, members, kimName: `KIM Bench ${n}` }));
}

function routesFor(targets: Awaited<ReturnType<typeof prepareTargets>>): Route[] {
  let reports = 0;
  let registrations = 0;
  const json = { "content-type": "application/json" };
  return [
    { name: "constant (ceiling)", method: "GET", path: "/__bench/constant" },
    { name: "D1 point read, no framework (floor)", method: "GET", path: `/__bench/d1-point?code=${targets.village}` },
    { name: "tracking page", method: "GET", path: `/lacak/${targets.code}` },
    { name: "tracking JSON", method: "GET", path: `/api/v1/aspirations/${targets.code}` },
    {
      name: "aspiration submission (JSON)",
      method: "POST",
      path: "/api/v1/aspirations",
      body: () => ({ body: targets.report(++reports), headers: { ...json, "idempotency-key": crypto.randomUUID() } }),
    },
    {
      name: "registration submission, 10 members",
      method: "POST",
      path: "/api/v1/registrations",
      amount: Math.floor(targets.freeVillages.length / 2),
      note: "a fixed number: one village holds one KIM; half of Berau's free villages here, half for the CPU profile",
      body: () => {
        const village = targets.freeVillages.shift() ?? "";
        return {
          body: registrationBody(village, ++registrations),
          headers: { ...json, "idempotency-key": crypto.randomUUID() },
        };
      },
    },
    { name: "agency queue page", method: "GET", path: "/aspirasi/kelola", headers: { cookie: targets.cookie } },
    { name: "statistics page", method: "GET", path: "/statistik" },
  ];
}

function requestOf(route: Route) {
  const extra = route.body?.();
  return {
    method: route.method,
    path: route.path,
    headers: { ...route.headers, ...extra?.headers },
    body: extra?.body,
  };
}

async function load(server: BenchServer, route: Route, amount?: number): Promise<autocannon.Result> {
  return autocannon({
    url: server.url.origin,
    connections: route.amount || amount ? Math.min(CONNECTIONS, 4) : CONNECTIONS,
    ...(amount || route.amount ? { amount: amount ?? route.amount } : { duration: DURATION_SECONDS }),
    requests: [{ setupRequest: (req) => ({ ...req, ...requestOf(route) }) }],
  });
}

export async function measureRoutes(state: StateName, log: (line: string) => void): Promise<RouteFigures[]> {
  const server = await serveState(state, log);
  try {
    const frozen = await server.db
      .prepare("SELECT COUNT(*) AS n FROM stats_snapshots WHERE frozen_at IS NOT NULL")
      .first<{ n: number }>();
    if (!frozen?.n && state !== "fresh") await computeMonth(server, LAST_MONTH, log);
    const targets = await prepareTargets(server);
    const routes = routesFor(targets);
    const figures: RouteFigures[] = [];
    for (const route of routes) {
      log(`  ${route.name}`);
      const sample = requestOf(route);
      const probe = await fetch(new URL(sample.path, server.url), sample);
      await probe.arrayBuffer();
      const d1 = parseD1ServerTiming(probe.headers.get("server-timing"));
      const result = await load(server, route);
      const profiled = route.amount ? route.amount : PROFILED_REQUESTS;
      const cpu = await isolateCpuDuring(server.inspectorPort, "simpul", async () => {
        await load(server, route, profiled);
      });
      if (process.env.BENCH_DEBUG) log(`    hottest: ${cpu.hottest.join(", ")}`);
      figures.push({
        route: route.name,
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        ratioToCeiling: 0,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        cpuMsPerRequest: Math.round((cpu.cpuMs / profiled) * 1000) / 1000,
        cpuRatioToCeiling: null,
        d1RowsRead: d1?.read ?? null,
        d1RowsWritten: d1?.written ?? null,
        note: [route.note, probe.ok ? "" : `sample answered ${probe.status}`].filter(Boolean).join("; "),
      });
    }
    const ceiling = figures[0];
    for (const f of figures) {
      f.ratioToCeiling = ceiling ? Math.round((f.requestsPerSecond / ceiling.requestsPerSecond) * 1000) / 1000 : 0;
      f.cpuRatioToCeiling =
        ceiling?.cpuMsPerRequest && f.cpuMsPerRequest !== null
          ? Math.round((f.cpuMsPerRequest / ceiling.cpuMsPerRequest) * 10) / 10
          : null;
    }
    return figures;
  } finally {
    await server.dispose();
  }
}

export default async function httpBench() {
  const state = (process.env.BENCH_STATE ?? "1x") as StateName;
  return Object.fromEntries((await measureRoutes(state, console.log)).map((f) => [f.route, f]));
}
