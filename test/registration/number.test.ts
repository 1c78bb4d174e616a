import { describe, expect, it } from "vitest";
import { isRegistrationId, newRegistrationId } from "../../workers/domain/registration/id";
import {
  formatRegistrationNumber,
  nextRegistrationSequence,
  parseRegistrationNumber,
  registrationNumberPrefix,
} from "../../workers/domain/registration/number";

describe("registration numbers", () => {
  it("formats the village code without dots and a three-digit sequence", () => {
    expect(formatRegistrationNumber("64.03.04.2001", 1)).toBe("KIM-6403042001-001");
    expect(formatRegistrationNumber("64.03.10.1003", 42)).toBe("KIM-6403101003-042");
    expect(formatRegistrationNumber("64.03.04.2001", 1000)).toBe("KIM-6403042001-1000");
    expect(registrationNumberPrefix("64.03.04.2001")).toBe("KIM-6403042001-");
  });

  it("refuses what is not a village code or a sequence", () => {
    expect(() => formatRegistrationNumber("64.03.04", 1)).toThrow(RangeError);
    expect(() => formatRegistrationNumber("64.03.04.2001", 0)).toThrow(RangeError);
    expect(() => formatRegistrationNumber("64.03.04.2001", 1.5)).toThrow(RangeError);
  });

  it("parses a number back into its village and sequence", () => {
    expect(parseRegistrationNumber("KIM-6403042001-001")).toEqual({ villageCode: "64.03.04.2001", sequence: 1 });
    expect(parseRegistrationNumber("KIM-6403042001-1000")).toEqual({ villageCode: "64.03.04.2001", sequence: 1000 });
  });

  it.each([
    "KIM-6403042001-000",
    "KIM-6403042001-0001",
    "KIM-6403042001-01",
    "KIM-640304200-001",
    "kim-6403042001-001",
    "REG-6403042001-001",
    " KIM-6403042001-001",
  ])("does not read %s as a number", (value) => {
    expect(parseRegistrationNumber(value)).toBeUndefined();
  });

  it("round-trips", () => {
    for (const [code, seq] of [
      ["64.03.01.2014", 7],
      ["64.03.13.1001", 999],
    ] as const) {
      expect(parseRegistrationNumber(formatRegistrationNumber(code, seq))).toEqual({
        villageCode: code,
        sequence: seq,
      });
    }
  });

  it("takes the next sequence after the village's highest, ignoring other villages", () => {
    expect(nextRegistrationSequence("64.03.04.2001", [])).toBe(1);
    expect(
      nextRegistrationSequence("64.03.04.2001", [
        "KIM-6403042001-002",
        "KIM-6403042002-009",
        "KIM-6403042001-001",
        "junk",
      ]),
    ).toBe(3);
  });
});

describe("registration ids", () => {
  it("is REG- and ten Crockford base32 characters from the random bytes", () => {
    // Bytes 246…255 are 22…31 modulo 32: the last ten letters of the alphabet.
    expect(newRegistrationId((bytes) => bytes.map((_, i) => 246 + i))).toBe("REG-PQRSTVWXYZ");
    expect(newRegistrationId((bytes) => bytes.map((_, i) => i))).toBe("REG-0123456789");
    expect(isRegistrationId(newRegistrationId())).toBe(true);
  });

  it("differs between calls", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRegistrationId()));
    expect(ids.size).toBe(50);
  });

  it.each(["REG-7K3M9QXT2", "REG-7K3M9QXT2BI", "REG-7K3M9QXT2I", "reg-7K3M9QXT2B", "REG-7K3M9QXT2b", "7K3M9QXT2B"])(
    "does not accept %s as an id",
    (value) => {
      expect(isRegistrationId(value)).toBe(false);
    },
  );
});
