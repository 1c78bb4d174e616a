import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailOutbox } from "../../schema";
import { REDACTED } from "../../workers/mail/redact";
import { redactSentMail } from "../../workers/services/housekeeping";
import { daysBeforeMs, housekeepingTestDeps } from "../fixtures/housekeeping";
import { insertOutboxRow, testDb } from "../fixtures/mail";

/** Every test of this file runs the job at this moment. */
const NOW = new Date("2031-05-01T17:00:00Z");

const rowOf = async (id: string) => testDb().select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();

/** A message to an applicant as the registration flow sends one, sent `daysAgo` before NOW. */
const sentToApplicant = (daysAgo: number) => {
  const at = daysBeforeMs(NOW, daysAgo).toISOString();
  return insertOutboxRow({
    template: "registration_submitted",
    recipients: ["kim.longlaai@example.id"],
    params: {
      registrationId: "REG-7K3M9QXT2B",
      kimName: "KIM Long La'ai Bersatu",
      villageName: "Kampung Long La'ai",
      trackingPath: "/daftar-kim/REG-7K3M9QXT2B",
      endorsementDueAt: "2031-01-27T15:59:59.000Z",
    },
    status: "sent",
    createdAt: at,
    queuedAt: at,
    sentAt: at,
    providerMessageId: "provider-1",
  });
};

describe("redactSentMail", () => {
  it("blanks the parameters and recipients of mail sent more than 90 days ago, keeping what says it was sent", async () => {
    const old = await sentToApplicant(91);
    const inside = await sentToApplicant(89);
    const oldQueued = await insertOutboxRow({ createdAt: daysBeforeMs(NOW, 120).toISOString() });
    const oldFailed = await insertOutboxRow({
      status: "failed",
      createdAt: daysBeforeMs(NOW, 120).toISOString(),
      failedAt: daysBeforeMs(NOW, 119).toISOString(),
      lastError: "rejected by provider",
    });

    expect(await redactSentMail(housekeepingTestDeps(NOW))).toEqual({ redacted: 1, more: false });

    expect(await rowOf(old.id)).toEqual({
      ...old,
      recipients: [],
      params: {
        registrationId: REDACTED,
        kimName: REDACTED,
        villageName: REDACTED,
        trackingPath: REDACTED,
        endorsementDueAt: REDACTED,
      },
    });
    expect(await rowOf(inside.id)).toEqual(inside);
    expect(await rowOf(oldQueued.id)).toEqual(oldQueued);
    expect(await rowOf(oldFailed.id)).toEqual(oldFailed);
    expect(await redactSentMail(housekeepingTestDeps(NOW))).toEqual({ redacted: 0, more: false });
  });

  it("redacts at most the run's limit and says more are waiting", async () => {
    const rows = await Promise.all([100, 101, 102].map((days) => sentToApplicant(days)));
    expect(await redactSentMail({ ...housekeepingTestDeps(NOW), limit: 2 })).toEqual({ redacted: 2, more: true });
    expect(await redactSentMail({ ...housekeepingTestDeps(NOW), limit: 2 })).toEqual({ redacted: 1, more: false });
    for (const row of rows) expect((await rowOf(row.id))?.recipients).toEqual([]);
  });
});
