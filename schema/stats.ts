import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { STATS_SCOPES } from "../workers/domain/stats/figures";

/**
 * Monthly statistics, frozen. A month's first computation is version 1; a recompute (with a
 * reason) writes version n+1 and keeps version n, so a published figure never changes after the
 * fact. Holds counts and rates only: never anything about a person.
 */
export const statsSnapshots = sqliteTable(
  "stats_snapshots",
  {
    /** `YYYY-MM`, a WITA month. */
    month: text("month").notNull(),
    version: integer("version").notNull(),
    /** `computing` while the flow writes its figures, `frozen` once complete; only frozen ones are shown. */
    status: text("status", { enum: ["computing", "frozen"] }).notNull(),
    /** Why a recompute was asked for; null for the first computation. */
    reason: text("reason"),
    /** Who asked: `cron`, or an official's id for a backfill or recompute. */
    requestedBy: text("requested_by").notNull(),
    startedAt: text("started_at").notNull(),
    frozenAt: text("frozen_at"),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.version] }),
    check("stats_snapshots_version_check", sql`${t.version} >= 1`),
    index("stats_snapshots_frozen_idx").on(t.status, t.month, t.version),
  ],
);

/**
 * One figure of a snapshot: a metric for one scope (the regency, a kecamatan, an agency, a kind
 * or category of report). The scope's name is kept as it was that month.
 */
export const statsValues = sqliteTable(
  "stats_values",
  {
    month: text("month").notNull(),
    version: integer("version").notNull(),
    scope: text("scope", { enum: STATS_SCOPES }).notNull(),
    /** The kecamatan code, agency id, kind or category id; empty for the regency. */
    scopeId: text("scope_id").notNull(),
    scopeName: text("scope_name").notNull(),
    metric: text("metric").notNull(),
    /** Null when the figure has no meaning that month (a rate with nothing to divide). */
    value: real("value"),
  },
  (t) => [primaryKey({ columns: [t.month, t.version, t.scope, t.scopeId, t.metric] })],
);

export type StatsSnapshot = typeof statsSnapshots.$inferSelect;
export type StatsValue = typeof statsValues.$inferSelect;
