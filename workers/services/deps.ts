import type { AppConfig } from "../config";
import type { Db } from "../db";

/** What every service function needs from its caller: storage, the one clock and the request id for the audit trail. */
export interface ServiceDeps {
  db: Db;
  now: () => Date;
  requestId: string;
  config: AppConfig;
}
