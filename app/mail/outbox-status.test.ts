import { describe, expect, it } from "vitest";

import { outboxStatusLabels, parseId } from "./outbox-status";

describe("outbox helpers", () => {
  it("name every status in French", () => {
    expect(outboxStatusLabels).toEqual({ pending: "En attente", sent: "Envoyé", failed: "Échec" });
  });

  it("accept only ids that fit a PostgreSQL integer", () => {
    expect(parseId("42")).toBe(42);
    expect(parseId("2147483647")).toBe(2147483647);
    for (const bad of [null, undefined, "", "0", "-1", "01", "1.5", "abc", "2147483648", "99999999999"]) {
      expect(parseId(bad)).toBeNull();
    }
  });
});
