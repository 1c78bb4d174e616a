import { describe, expect, it } from "vitest";
import type { OfficialActor } from "../../workers/domain/actor";
import { ACTIONS, type Action, actionScope, can, POLICY, type Resource } from "../../workers/domain/policy";
import type { RoleGrant } from "../../workers/domain/roles";
import { AGENCY, grants, OTHER_AGENCY, OTHER_VILLAGE, VILLAGE } from "../fixtures/officials";

const actor = (...list: RoleGrant[]): OfficialActor => ({ type: "official", id: "o-1", grants: list });

/** Who may do what, written out by hand from issue 4's table (not derived from POLICY). */
const EXPECTED: Record<Action, string[]> = {
  "officials.manage": ["admin"],
  "agencies.manage": ["admin"],
  "settings.manage": ["admin"],
  "calendar.manage": ["admin"],
  "audit.read": ["admin"],
  "stats.manage": ["admin"],
  "mail.resend": ["admin"],
  "privacy.export": ["admin"],
  "deadlines.read": ["admin", "verifier"],
  "stats.read": ["admin", "verifier", "leadership"],
  "registration.read": ["admin", "verifier", "village_head"],
  "registration.endorse": ["admin", "village_head"],
  "registration.endorse_on_behalf": ["admin", "verifier"],
  "registration.verify": ["admin", "verifier"],
  "registration.contact.read": ["admin", "verifier"],
  "aspiration.read": ["admin", "verifier", "leadership", "agency_officer", "agency_head"],
  "aspiration.verify": ["admin", "verifier"],
  "aspiration.route": ["admin", "verifier"],
  "aspiration.close": ["admin", "verifier"],
  "aspiration.answer": ["admin", "agency_officer", "agency_head"],
  "aspiration.request_transfer": ["admin", "agency_officer", "agency_head"],
  "aspiration.request_extension": ["admin", "agency_officer", "agency_head"],
  "aspiration.approve_extension": ["admin", "agency_head"],
  "aspiration.reporter.read": ["admin", "verifier"],
};

/** Each role once in its scope and once outside it, against a record of the action's kind. */
const CASES: { label: string; role: string; grant: RoleGrant; inScope: boolean }[] = [
  { label: "admin", role: "admin", grant: grants.admin(), inScope: true },
  { label: "verifier", role: "verifier", grant: grants.verifier(), inScope: true },
  { label: "leadership", role: "leadership", grant: grants.leadership(), inScope: true },
  { label: "village head of the village", role: "village_head", grant: grants.villageHead(VILLAGE), inScope: true },
  { label: "village head elsewhere", role: "village_head", grant: grants.villageHead(OTHER_VILLAGE), inScope: false },
  { label: "agency officer of the agency", role: "agency_officer", grant: grants.agencyOfficer(AGENCY), inScope: true },
  {
    label: "agency officer elsewhere",
    role: "agency_officer",
    grant: grants.agencyOfficer(OTHER_AGENCY),
    inScope: false,
  },
  { label: "agency head of the agency", role: "agency_head", grant: grants.agencyHead(AGENCY), inScope: true },
  { label: "agency head elsewhere", role: "agency_head", grant: grants.agencyHead(OTHER_AGENCY), inScope: false },
];

function resourceFor(action: Action): Resource {
  switch (POLICY[action].on) {
    case "registration":
      return { kind: "registration", villageCode: VILLAGE };
    case "aspiration":
      return { kind: "aspiration", agencyId: AGENCY };
    default:
      return { kind: "regency" };
  }
}

describe("can(actor, action, resource)", () => {
  it("covers every action of the table", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    for (const c of CASES) {
      const allowed = EXPECTED[action].includes(c.role) && c.inScope;
      it(`${action}: ${c.label} → ${allowed ? "allowed" : "denied"}`, () => {
        expect(can(actor(c.grant), action, resourceFor(action) as never)).toBe(allowed);
      });
    }
    it(`${action}: anonymous, the public, the system and an official without grants are denied`, () => {
      expect(can(undefined, action, resourceFor(action) as never)).toBe(false);
      expect(can({ type: "public", id: "p" }, action, resourceFor(action) as never)).toBe(false);
      expect(can({ type: "system", id: "flow" }, action, resourceFor(action) as never)).toBe(false);
      expect(can({ type: "official", id: "x" }, action, resourceFor(action) as never)).toBe(false);
      expect(can(actor(), action, resourceFor(action) as never)).toBe(false);
    });
  }

  it("a person holding several roles gets the union", () => {
    const both = actor(grants.villageHead(VILLAGE), grants.agencyOfficer(AGENCY));
    expect(can(both, "registration.endorse", { kind: "registration", villageCode: VILLAGE })).toBe(true);
    expect(can(both, "aspiration.answer", { kind: "aspiration", agencyId: AGENCY })).toBe(true);
    expect(can(both, "registration.verify", { kind: "registration", villageCode: VILLAGE })).toBe(false);
  });

  it("an unrouted aspiration is no agency's", () => {
    expect(can(actor(grants.agencyOfficer(AGENCY)), "aspiration.read", { kind: "aspiration", agencyId: null })).toBe(
      false,
    );
    expect(can(actor(grants.verifier()), "aspiration.read", { kind: "aspiration", agencyId: null })).toBe(true);
  });

  it("lists are filtered by actionScope", () => {
    expect(actionScope(actor(grants.verifier()), "registration.read")).toEqual({ all: true });
    expect(
      actionScope(actor(grants.villageHead(VILLAGE), grants.villageHead(OTHER_VILLAGE)), "registration.read"),
    ).toEqual({
      all: false,
      villageCodes: [VILLAGE, OTHER_VILLAGE],
      agencyIds: [],
    });
    expect(actionScope(actor(grants.agencyHead(AGENCY)), "registration.read")).toEqual({
      all: false,
      villageCodes: [],
      agencyIds: [],
    });
  });
});
