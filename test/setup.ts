import { applyD1Migrations, introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach } from "vitest";

// Setup files run before each test file; applying migrations is idempotent.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

/**
 * Every Workflow instance a test starts, directly or through a route, ends with that test: an
 * introspection session per workflow captures each instance created, and disposing it aborts
 * them. Without this, instances outlive their test and print "uncaught exception" traces
 * (WorkflowTimeoutError, "Engine was never started") that would hide a real error.
 */
let sessions: Awaited<ReturnType<typeof introspectWorkflow>>[] = [];

beforeEach(async () => {
  sessions = await Promise.all([env.REGISTRATION_FLOW, env.ASPIRATION_FLOW].map((flow) => introspectWorkflow(flow)));
});

afterEach(async () => {
  await Promise.all(sessions.map((session) => session.dispose()));
  sessions = [];
});
