import type { AppConfig } from "../config";
import type { Db } from "../db";
import type { OfficialActor } from "../domain/actor";
import type { Logger } from "../log";
import type { CurrentSession } from "../services/sessions";

/** Hono's environment for every route: the bindings and the per-request values middleware sets. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: AppConfig;
    db: Db;
    logger: Logger;
    /** The one clock. Services take `now` from here so tests can pin it. */
    now: () => Date;
    /** The signed-in official (set by `loadSession`); undefined for anonymous requests. */
    actor: OfficialActor | undefined;
    session: CurrentSession | undefined;
  };
};
