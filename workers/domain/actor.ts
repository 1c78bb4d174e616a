/**
 * Who is acting. Every service function takes one, which is what makes the audit trail complete:
 * an official signed in, a member of the public (an applicant or reporter, maybe via a signed
 * link), the system itself (a Workflow step, a queue consumer), or a scheduled trigger.
 */
export type Actor =
  | { type: "official"; id: string }
  | { type: "public"; id: string }
  | { type: "system"; id: string }
  | { type: "schedule"; id: string };

export const systemActor = (component: string): Actor => ({ type: "system", id: component });
