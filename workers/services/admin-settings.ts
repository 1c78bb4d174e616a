import { eq } from "drizzle-orm";
import { settings as settingsTable } from "../../schema";
import type { Actor } from "../domain/actor";
import { isSettingKey, resolveSettings, SETTING_DEFINITIONS, SETTING_KEYS, type SettingKey } from "../domain/settings";
import { formatIssuePath, notFound, validationFailed } from "../errors";
import { auditEntry } from "./audit";
import { assertCan } from "./authorize";
import type { ServiceDeps } from "./deps";

export interface SettingView {
  key: SettingKey;
  label: string;
  defaultValue: unknown;
  /** The stored override, or null when the default applies. */
  storedValue: unknown;
  /** The value in force. */
  effectiveValue: unknown;
  /** True when a stored override no longer validates and the default applies instead. */
  invalid: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Every configurable rule with its default, its override and the value in force. */
export async function listSettings(deps: ServiceDeps, actor: Actor): Promise<SettingView[]> {
  assertCan(actor, "settings.manage");
  const rows = await deps.db.select().from(settingsTable);
  const { settings, invalid } = resolveSettings(rows);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return SETTING_KEYS.map((key) => {
    const row = byKey.get(key);
    return {
      key,
      label: SETTING_DEFINITIONS[key].label,
      defaultValue: SETTING_DEFINITIONS[key].default,
      storedValue: row ? row.value : null,
      effectiveValue: settings[key],
      invalid: invalid.includes(key),
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  });
}

function requireKey(key: string): SettingKey {
  if (!isSettingKey(key)) throw notFound("Pengaturan itu tidak dikenal.");
  return key;
}

/**
 * Stores an override after checking it against the rule's schema and against the other rules
 * (the member minimum may not exceed the maximum). Throws 422 naming `value`.
 *
 * @example
 * await updateSetting(deps, admin, "kim.memberCountMax", 40)
 */
export async function updateSetting(
  deps: ServiceDeps,
  actor: Actor,
  rawKey: string,
  value: unknown,
): Promise<SettingView> {
  assertCan(actor, "settings.manage");
  const key = requireKey(rawKey);
  const parsed = SETTING_DEFINITIONS[key].schema.safeParse(value);
  if (!parsed.success) {
    throw validationFailed(
      parsed.error.issues.map((i) => ({
        path: formatIssuePath(["value", ...i.path]),
        message: i.message,
        code: i.code,
      })),
    );
  }
  const rows = await deps.db.select().from(settingsTable);
  const merged = [...rows.filter((r) => r.key !== key), { key, value: parsed.data }];
  if (resolveSettings(merged).invalid.includes(key)) {
    throw validationFailed([
      {
        path: "value",
        message: "Jumlah anggota paling sedikit tidak boleh melebihi jumlah paling banyak.",
        code: "member_count_bounds_crossed",
      },
    ]);
  }
  const at = deps.now().toISOString();
  await deps.db.batch([
    deps.db
      .insert(settingsTable)
      .values({ key, value: parsed.data, updatedAt: at, updatedBy: actor.id })
      .onConflictDoUpdate({
        target: settingsTable.key,
        set: { value: parsed.data, updatedAt: at, updatedBy: actor.id },
      }),
    auditEntry(deps.db, {
      actor,
      action: "settings.update",
      subject: { type: "setting", id: key },
      requestId: deps.requestId,
      at: deps.now(),
      detail: { value: parsed.data },
    }),
  ]);
  const view = (await listSettings(deps, actor)).find((s) => s.key === key);
  if (!view) throw notFound();
  return view;
}

/** Removes an override so the default applies again. */
export async function resetSetting(deps: ServiceDeps, actor: Actor, rawKey: string): Promise<SettingView> {
  assertCan(actor, "settings.manage");
  const key = requireKey(rawKey);
  await deps.db.batch([
    deps.db.delete(settingsTable).where(eq(settingsTable.key, key)),
    auditEntry(deps.db, {
      actor,
      action: "settings.reset",
      subject: { type: "setting", id: key },
      requestId: deps.requestId,
      at: deps.now(),
    }),
  ]);
  const view = (await listSettings(deps, actor)).find((s) => s.key === key);
  if (!view) throw notFound();
  return view;
}
