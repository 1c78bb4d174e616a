/**
 * A D1 binding that forwards every call to a real one and adds up the `meta.rows_read` and
 * `meta.rows_written` D1 reports: for the budget tests, the benchmarks, and the `Server-Timing`
 * entry the Worker adds in development:
 *
 * @example
 * const counted = countingD1(env.DB);
 * await worker.fetch(request, { ...env, DB: counted.db }, createExecutionContext());
 * expect(counted.rowsRead).toBeLessThanOrEqual(40);
 *
 * `first()` and `raw()` return no meta, so they run as `all()` here and are reshaped; drizzle
 * reshapes batch results the same way (`Object.values` of each row).
 */
export interface CountingD1 {
  db: D1Database;
  readonly rowsRead: number;
  readonly rowsWritten: number;
  /** Statements executed (each statement of a batch counts). */
  readonly statements: number;
  /** Rows read and written per executed statement, with its SQL: what to look at when a budget is exceeded. */
  readonly breakdown: ReadonlyArray<{ sql: string; rowsRead: number; rowsWritten: number }>;
}

export function countingD1(real: D1Database): CountingD1 {
  const totals = { rowsRead: 0, rowsWritten: 0, statements: 0 };
  const breakdown: { sql: string; rowsRead: number; rowsWritten: number }[] = [];
  const originals = new WeakMap<object, { statement: D1PreparedStatement; sql: string }>();
  const record = (sql: string, meta: D1Meta) => {
    totals.rowsRead += meta.rows_read ?? 0;
    totals.rowsWritten += meta.rows_written ?? 0;
    totals.statements += 1;
    breakdown.push({ sql, rowsRead: meta.rows_read ?? 0, rowsWritten: meta.rows_written ?? 0 });
  };

  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const all = async <T>() => {
      const result = await statement.all<T>();
      record(sql, result.meta);
      return result;
    };
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values), sql),
      all,
      async run<T>() {
        const result = await statement.run<T>();
        record(sql, result.meta);
        return result;
      },
      async first(column?: string) {
        const row = (await all<Record<string, unknown>>()).results[0];
        if (row === undefined) return null;
        return column === undefined ? row : (row[column] ?? null);
      },
      async raw(options?: { columnNames?: boolean }) {
        const { results } = await all<Record<string, unknown>>();
        const rows = results.map((row) => Object.values(row));
        return options?.columnNames ? [Object.keys(results[0] ?? {}), ...rows] : rows;
      },
    };
    originals.set(wrapped, { statement, sql });
    return wrapped as unknown as D1PreparedStatement;
  };

  const db = {
    prepare: (query: string) => wrap(real.prepare(query), query),
    async batch<T>(statements: D1PreparedStatement[]) {
      const results = await real.batch<T>(statements.map((s) => originals.get(s)?.statement ?? s));
      results.forEach((result, i) => {
        record(originals.get(statements[i] ?? {})?.sql ?? "?", result.meta);
      });
      return results;
    },
    exec: (query: string) => real.exec(query),
    withSession: (constraint?: string) => real.withSession(constraint),
    dump: () => real.dump(),
  };
  return {
    db: db as unknown as D1Database,
    get rowsRead() {
      return totals.rowsRead;
    },
    get rowsWritten() {
      return totals.rowsWritten;
    },
    get statements() {
      return totals.statements;
    },
    breakdown,
  };
}

/** The `Server-Timing` entry with what a request cost in D1: `d1;desc="read=12 written=3 statements=4"`. */
export function d1ServerTiming(meter: CountingD1): string {
  return `d1;desc="read=${meter.rowsRead} written=${meter.rowsWritten} statements=${meter.statements}"`;
}

/** Reads `d1ServerTiming`'s entry back from a response header; undefined when there is none. */
export function parseD1ServerTiming(header: string | null): { read: number; written: number } | undefined {
  const match = /d1;desc="read=(\d+) written=(\d+)/.exec(header ?? "");
  return match ? { read: Number(match[1]), written: Number(match[2]) } : undefined;
}
