import type { RoleGrant } from "./roles";

/**
 * Who is acting. Every service function takes one, which is what makes the audit trail complete:
 * an official signed in, a member of the public (an applicant or reporter, maybe via a signed
 * link), the system itself (a Workflow step, a queue consumer), or a scheduled trigger.
 */
export type Actor =
  | OfficialActor
  | { type: "public"; id: string }
  | { type: "system"; id: string }
  | { type: "schedule"; id: string };

/**
 * A signed-in official with the role grants loaded with their session. `grants` is absent where an
 * actor is only named (e.g. rebuilt from an audit row); the policy then allows nothing.
 */
export interface OfficialActor {
  type: "official";
  id: string;
  grants?: readonly RoleGrant[];
}

export const systemActor = (component: string): Actor => ({ type: "system", id: component });
