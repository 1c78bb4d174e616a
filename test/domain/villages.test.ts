import { describe, expect, it } from "vitest";
import { villageLabel } from "../../workers/domain/villages";

describe("villageLabel", () => {
  it("puts the level's word before the name, for each village level", () => {
    expect(villageLabel({ level: "kampung", name: "Long La'ai" })).toBe("Kampung Long La'ai");
    expect(villageLabel({ level: "desa", name: "Sukamaju" })).toBe("Desa Sukamaju");
    expect(villageLabel({ level: "kelurahan", name: "Gunung Panjang" })).toBe("Kelurahan Gunung Panjang");
  });

  it("gives the bare name for a level that is not a village's", () => {
    expect(villageLabel({ level: "kecamatan", name: "Segah" })).toBe("Segah");
  });
});
