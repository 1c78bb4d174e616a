import { describe, expect, it } from "vitest";
import { nikLock, villageLock } from "../../workers/domain/registration/locks";
import {
  allowedEvents,
  holdsLocks,
  isPending,
  REGISTRATION_EVENTS,
  REGISTRATION_STATUSES,
  type RegistrationEvent,
  type RegistrationStatus,
  transition,
} from "../../workers/domain/registration/status";
import { resolveSettings } from "../../workers/domain/settings";

/** Every allowed move; any (status, event) pair not listed must be refused. */
const ALLOWED: [RegistrationStatus, RegistrationEvent, RegistrationStatus][] = [
  ["awaiting_endorsement", "endorse", "awaiting_verification"],
  ["awaiting_endorsement", "reject", "rejected"],
  ["awaiting_endorsement", "withdraw", "withdrawn"],
  ["awaiting_endorsement", "expire", "expired"],
  ["awaiting_verification", "approve", "approved"],
  ["awaiting_verification", "reject", "rejected"],
  ["awaiting_verification", "revise", "needs_revision"],
  ["awaiting_verification", "withdraw", "withdrawn"],
  ["needs_revision", "resubmit", "awaiting_verification"],
  ["needs_revision", "withdraw", "withdrawn"],
  ["needs_revision", "expire", "expired"],
];

describe("transition", () => {
  it.each(ALLOWED)("%s --%s--> %s", (from, event, to) => {
    expect(transition(from, event)).toEqual({ ok: true, status: to });
  });

  it("sends a resubmission back to endorsement when the village changed", () => {
    expect(transition("needs_revision", "resubmit", { villageChanged: true })).toEqual({
      ok: true,
      status: "awaiting_endorsement",
    });
    expect(transition("needs_revision", "resubmit", { villageChanged: false })).toEqual({
      ok: true,
      status: "awaiting_verification",
    });
  });

  it("refuses every other move, saying why in Indonesian", () => {
    const allowed = new Set(ALLOWED.map(([from, event]) => `${from}/${event}`));
    const refused = REGISTRATION_STATUSES.flatMap((from) =>
      REGISTRATION_EVENTS.filter((event) => !allowed.has(`${from}/${event}`)).map((event) => [from, event] as const),
    );
    expect(refused).toHaveLength(REGISTRATION_STATUSES.length * REGISTRATION_EVENTS.length - ALLOWED.length);
    for (const [from, event] of refused) {
      expect(transition(from, event)).toMatchObject({ ok: false, error: { code: "invalid_transition" } });
    }
    expect(transition("approved", "withdraw")).toEqual({
      ok: false,
      error: {
        code: "invalid_transition",
        message: 'Pendaftaran berstatus "Disetujui (KIM aktif)" tidak dapat dibatalkan.',
      },
    });
    expect(transition("awaiting_endorsement", "approve")).toEqual({
      ok: false,
      error: {
        code: "invalid_transition",
        message: 'Pendaftaran berstatus "Menunggu pengesahan kepala kampung/lurah" tidak dapat disetujui.',
      },
    });
  });

  it("lets a verification that passes its deadline escalate rather than expire", () => {
    expect(transition("awaiting_verification", "expire").ok).toBe(false);
  });
});

describe("status groups", () => {
  it("lists the events each status offers", () => {
    expect(allowedEvents("awaiting_endorsement")).toEqual(["endorse", "reject", "withdraw", "expire"]);
    expect(allowedEvents("awaiting_verification")).toEqual(["reject", "approve", "revise", "withdraw"]);
    expect(allowedEvents("needs_revision")).toEqual(["resubmit", "withdraw", "expire"]);
    expect(allowedEvents("approved")).toEqual([]);
    expect(allowedEvents("withdrawn")).toEqual([]);
  });

  it("holds the village and people while pending or active, and releases them when closed", () => {
    expect(REGISTRATION_STATUSES.filter(holdsLocks)).toEqual([
      "awaiting_endorsement",
      "awaiting_verification",
      "needs_revision",
      "approved",
    ]);
    expect(REGISTRATION_STATUSES.filter(isPending)).toEqual([
      "awaiting_endorsement",
      "awaiting_verification",
      "needs_revision",
    ]);
  });
});

describe("lock values", () => {
  const berau = resolveSettings([]).settings;
  const open = resolveSettings([
    { key: "kim.onePerVillage", value: false },
    { key: "kim.onePersonOneKim", value: false },
  ]).settings;

  it("carries the village code and NIK hash only while the rule applies and the status holds them", () => {
    expect(villageLock("needs_revision", "64.03.04.2001", berau)).toBe("64.03.04.2001");
    expect(villageLock("approved", "64.03.04.2001", berau)).toBe("64.03.04.2001");
    expect(villageLock("expired", "64.03.04.2001", berau)).toBeNull();
    expect(villageLock("awaiting_endorsement", "64.03.04.2001", open)).toBeNull();
    expect(nikLock("awaiting_verification", "abc", berau)).toBe("abc");
    expect(nikLock("rejected", "abc", berau)).toBeNull();
    expect(nikLock("approved", "abc", open)).toBeNull();
  });
});
