import { describe, expect, it } from "vitest";

import { formatRelative } from "./relative-time";

describe("formatRelative", () => {
  const now = new Date("2026-11-28T12:00:00Z");
  it("speaks French", () => {
    expect(formatRelative(new Date("2026-11-25T12:00:00Z"), now)).toBe("il y a 3 jours");
    expect(formatRelative(new Date("2026-11-27T12:00:00Z"), now)).toBe("hier");
    expect(formatRelative(new Date("2026-11-28T11:59:30Z"), now)).toBe("à l'instant");
    expect(formatRelative(new Date("2026-11-28T10:00:00Z"), now)).toBe("il y a 2 heures");
    expect(formatRelative(new Date("2024-11-28T12:00:00Z"), now)).toBe("il y a 2 ans");
  });
});
