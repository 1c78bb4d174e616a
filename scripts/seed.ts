/**
 * `npm run seed`: loads the reference data into the local D1 database (or the production one with
 * `--remote`), validating every file first and importing nothing when any row is bad.
 *
 *   npm run seed                                  Berau's areas, the 2025–2026 holidays, the sample agencies
 *   npm run seed -- --areas other-regency.csv     another regency's areas instead of Berau's
 *   npm run seed -- --regency 64.05 [--desa-name kampung]
 *                                                 any regency's areas from the npm package idn-area-data
 *   npm run seed -- --holidays hari_libur_2027.csv
 *   npm run seed -- --no-sample                   skip the sample agencies and categories
 *   npm run seed -- --remote                      the production database (after `npm run db:migrate:remote`)
 *
 * The seed is a list of steps. Each step reads and validates its input and returns SQL statements;
 * only when every step succeeded are all statements applied, in one `wrangler d1 execute --file`,
 * which D1 runs as one atomic batch. Every statement is an upsert that writes only what differs, so
 * a second run changes nothing.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as z from "zod";
import { parseAgencyDirectory } from "../workers/domain/agency-directory";
import { countAreasByLevel, parseAreaCsv } from "../workers/domain/area-import";
import { AREA_LEVELS, type AreaLevel } from "../workers/domain/areas";
import type { ImportError } from "../workers/domain/csv-table";
import { parseHolidayCsv } from "../workers/domain/holiday-import";
import { regencyAreaCsv } from "../workers/domain/idn-areas";
import { firstAdminStep, wranglerVars } from "./first-admin";
import { areaStatements, directoryStatements, holidayStatements, type ProgressCallback, toSqlScript } from "./seed-sql";

// Validation messages are for the people who prepared the files: Bahasa Indonesia, as in the app.
z.config(z.locales.id());

const ROOT = path.resolve(import.meta.dirname, "..");
const WRANGLER = path.join(ROOT, "node_modules", ".bin", "wrangler");
const PROGRESS_EVERY = 1000;

const USAGE =
  "Usage: npm run seed -- [--areas <file.csv> | --regency <NN.NN> [--desa-name kampung]] [--holidays <file.csv>] [--no-sample] [--remote | --persist-to <dir>]";

interface SeedOptions {
  areasFile: string;
  /** A Kemendagri regency code: its areas come from `idn-area-data` instead of `areasFile`. */
  regency?: string;
  /** What the regency calls its desa: Berau says "kampung". */
  desaLevel: "desa" | "kampung";
  holidaysFile: string;
  sample: boolean;
  remote: boolean;
  /** Local state directory other than `.wrangler/state` (the browser tests use a fresh one). */
  persistTo?: string;
}

/** What every step may use: the options, the run's clock, read access to the target database, and the console. */
interface SeedContext {
  options: SeedOptions;
  /** When this run started (ISO 8601, UTC): the one clock of the seed. */
  now: string;
  /** Runs one read-only query against the target database. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  log(line: string): void;
}

/** A step's contribution: statements to apply and a summary line, or every reason it cannot proceed. */
type StepResult = { ok: true; statements: string[]; summary: string } | { ok: false; problems: string[] };

interface SeedStep {
  name: string;
  prepare(ctx: SeedContext): Promise<StepResult>;
}

/** Where the person ran `npm run seed` from (npm itself runs scripts in the project root). */
const INVOKED_FROM = process.env.INIT_CWD ?? process.cwd();

/** A path as the person would type it: relative when inside the project, absolute otherwise. */
function display(file: string): string {
  const relative = path.relative(ROOT, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
const importProblems = (file: string, errors: readonly ImportError[]) =>
  errors.map((e) => `${display(file)} line ${e.line}${e.field ? ` (${e.field})` : ""}: ${e.message}`);
const progress =
  (ctx: SeedContext, what: string): ProgressCallback =>
  (done, total) => {
    if (done % PROGRESS_EVERY === 0 || done === total) ctx.log(`  ${what}: ${done}/${total} rows prepared`);
  };

const areasStep: SeedStep = {
  name: "areas",
  async prepare(ctx) {
    const regency = ctx.options.regency;
    const file = regency ? `idn-area-data (kabupaten/kota ${regency})` : ctx.options.areasFile;
    ctx.log(`areas: reading ${regency ? file : display(file)}`);
    const stored = await ctx.query("SELECT code, level FROM areas");
    const existing = new Map<string, AreaLevel>(
      z
        .array(z.object({ code: z.string(), level: z.enum(AREA_LEVELS) }))
        .parse(stored)
        .map((a) => [a.code, a.level]),
    );
    let text: string;
    if (regency) {
      const data = path.join(ROOT, "node_modules", "idn-area-data", "data");
      const [regencies, districts, villages] = await Promise.all(
        ["regencies", "districts", "villages"].map((f) => readFile(path.join(data, `${f}.csv`), "utf8")),
      );
      const built = regencyAreaCsv(
        { regencies: regencies ?? "", districts: districts ?? "", villages: villages ?? "" },
        regency,
        ctx.options.desaLevel,
      );
      if ("error" in built) return { ok: false, problems: [built.error] };
      text = built.csv;
    } else {
      text = await readFile(file, "utf8");
    }
    const parsed = parseAreaCsv(text, { existing });
    if (!parsed.ok) return { ok: false, problems: importProblems(file, parsed.errors) };
    const counts = countAreasByLevel(parsed.rows);
    const levels = AREA_LEVELS.filter((l) => counts[l] > 0).map((l) => `${counts[l]} ${l}`);
    return {
      ok: true,
      statements: areaStatements(parsed.rows, progress(ctx, "areas")),
      summary: `areas: ${parsed.rows.length} rows (${levels.join(", ")}) from ${regency ? file : display(file)}`,
    };
  },
};

const holidaysStep: SeedStep = {
  name: "holidays",
  async prepare(ctx) {
    const file = ctx.options.holidaysFile;
    ctx.log(`holidays: reading ${display(file)}`);
    const parsed = parseHolidayCsv(await readFile(file, "utf8"));
    if (!parsed.ok) return { ok: false, problems: importProblems(file, parsed.errors) };
    const seed = { rows: parsed.rows, years: parsed.years, source: path.basename(file), loadedAt: ctx.now };
    return {
      ok: true,
      statements: holidayStatements(seed, progress(ctx, "holidays")),
      summary: `holidays: ${parsed.rows.length} dates; calendar loaded for ${parsed.years.join(", ")} from ${display(file)}`,
    };
  },
};

const sampleDirectoryStep: SeedStep = {
  name: "sample agencies",
  async prepare(ctx) {
    if (!ctx.options.sample) return { ok: true, statements: [], summary: "sample agencies: skipped (--no-sample)" };
    const file = path.join(ROOT, "data", "sample", "agencies.json");
    ctx.log(`sample agencies: reading ${display(file)}`);
    const parsed = parseAgencyDirectory(await readFile(file, "utf8"));
    if (!parsed.ok)
      return { ok: false, problems: parsed.errors.map((e) => `${display(file)} ${e.path}: ${e.message}`) };
    const { agencies, categories } = parsed.directory;
    return {
      ok: true,
      statements: directoryStatements(parsed.directory),
      summary: `sample agencies: ${agencies.length} agencies, ${categories.length} categories (SAMPLE data, placeholder e-mails)`,
    };
  },
};

/** The seed, in order. A new step (such as creating the first administrator) is one more entry. */
const STEPS: readonly SeedStep[] = [
  areasStep,
  holidaysStep,
  sampleDirectoryStep,
  firstAdminStep(async () => wranglerVars(await readFile(path.join(ROOT, "wrangler.toml"), "utf8"))),
];

const d1ResultsSchema = z.array(
  z.object({ results: z.array(z.record(z.string(), z.unknown())).default([]), success: z.boolean().optional() }),
);

/** Runs `wrangler d1 execute DB` on the target with `--json` and returns its per-statement results. */
function d1Execute(options: SeedOptions, input: ["--command" | "--file", string]) {
  const target = options.remote
    ? ["--remote"]
    : ["--local", ...(options.persistTo ? ["--persist-to", options.persistTo] : [])];
  const args = ["d1", "execute", "DB", ...target, "--json", ...input];
  return new Promise<z.output<typeof d1ResultsSchema>>((resolve, reject) => {
    const child = spawn(WRANGLER, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      let output: unknown;
      try {
        output = JSON.parse(stdout);
      } catch {
        output = undefined;
      }
      if (code === 0 && output !== undefined) return resolve(d1ResultsSchema.parse(output));
      const failure = z.object({ error: z.object({ text: z.string() }) }).safeParse(output);
      reject(new Error(failure.success ? failure.data.error.text : `wrangler exited with ${code}: ${stdout.trim()}`));
    });
  });
}

function parseOptions(argv: string[]): SeedOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      areas: { type: "string" },
      regency: { type: "string" },
      "desa-name": { type: "string" },
      holidays: { type: "string" },
      "no-sample": { type: "boolean", default: false },
      remote: { type: "boolean", default: false },
      "persist-to": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    areasFile: values.areas ? path.resolve(INVOKED_FROM, values.areas) : path.join(ROOT, "data", "wilayah_berau.csv"),
    holidaysFile: values.holidays
      ? path.resolve(INVOKED_FROM, values.holidays)
      : path.join(ROOT, "data", "hari_libur_2025_2026.csv"),
    ...(values.regency ? { regency: values.regency } : {}),
    desaLevel: values["desa-name"] === "kampung" ? "kampung" : "desa",
    sample: !values["no-sample"],
    remote: values.remote,
    ...(values["persist-to"] ? { persistTo: path.resolve(INVOKED_FROM, values["persist-to"]) } : {}),
  };
}

async function main(): Promise<number> {
  let options: SeedOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const target = options.remote ? "remote" : "local";
  const ctx: SeedContext = {
    options,
    now: new Date().toISOString(),
    query: async (sql) => (await d1Execute(options, ["--command", sql]))[0]?.results ?? [],
    log: (line) => console.log(line),
  };

  const statements: string[] = [];
  const summaries: string[] = [];
  const problems: string[] = [];
  for (const step of STEPS) {
    const result = await step.prepare(ctx);
    if (result.ok) {
      statements.push(...result.statements);
      summaries.push(result.summary);
    } else {
      problems.push(...result.problems);
    }
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    console.error(`\n${problems.length} problem(s) found. Nothing was imported.`);
    return 1;
  }

  // Local D1 starts a fresh connection per wrangler run, so total_changes() counts exactly this batch's writes.
  const script = toSqlScript(options.remote ? statements : [...statements, "SELECT total_changes() AS rows_changed"]);
  const dir = await mkdtemp(path.join(tmpdir(), "simpul-seed-"));
  const file = path.join(dir, "seed.sql");
  try {
    await writeFile(file, script, "utf8");
    console.log(`applying ${statements.length} statements to the ${target} database in one batch`);
    const results = await d1Execute(options, ["--file", file]);
    // Remote imports report D1's rows written, which also counts index entries; locally we count changed rows.
    const [label, count] = options.remote
      ? ["rows written (D1, including index entries)", results[0]?.results[0]?.["Rows written"]]
      : ["rows changed", results.at(-1)?.results[0]?.rows_changed];
    console.log(`\nSeed complete (${target} database):`);
    for (const summary of summaries) console.log(`  ${summary}`);
    console.log(`  ${label}: ${typeof count === "number" ? count : "unknown"}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`seed failed: ${message}`);
    if (message.includes("no such table"))
      console.error("The database has no tables yet: run `npm run db:migrate` first.");
    process.exitCode = 1;
  },
);
