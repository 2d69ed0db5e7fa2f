import { describe, expect, it } from "vitest";

import { formatDate, formatDateTime, formatMonthYear, isoDateTime } from "./dates";

describe("French dates in Paris time", () => {
  it("formats a day, a time and a month in French", () => {
    const instant = new Date("2026-11-28T20:14:00Z");
    expect(formatDate(instant)).toBe("28 novembre 2026");
    expect(formatDateTime(instant)).toMatch(/^28 novembre 2026(,| à) 21:14$/u);
    expect(formatMonthYear(instant)).toBe("novembre 2026");
  });

  it("uses the Paris day and summer time, not the server's zone", () => {
    // 23:30 UTC on 31 July is already 1 August, 01:30, in Paris (UTC+2 in summer).
    expect(formatDate("2026-07-31T23:30:00Z")).toBe("1 août 2026");
    expect(formatDateTime("2026-07-31T23:30:00Z")).toMatch(/01:30$/u);
    // In winter Paris is UTC+1.
    expect(formatDateTime("2026-01-15T08:05:00Z")).toMatch(/^15 janvier 2026(,| à) 09:05$/u);
  });

  it("accepts the ISO strings that serialised data carries", () => {
    expect(formatDate("2026-03-01T10:00:00.000Z")).toBe("1 mars 2026");
    expect(isoDateTime(new Date("2026-03-01T10:00:00Z"))).toBe("2026-03-01T10:00:00.000Z");
  });
});
