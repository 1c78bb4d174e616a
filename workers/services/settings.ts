import { settings as settingsTable } from "../../schema";
import type { Db } from "../db";
import { resolveSettings, type Settings } from "../domain/settings";

/** The rules in force: stored overrides over the Berau defaults. Reads only the overridden rows. */
export async function loadSettings(db: Db): Promise<Settings> {
  const rows = await db.select({ key: settingsTable.key, value: settingsTable.value }).from(settingsTable);
  return resolveSettings(rows).settings;
}
