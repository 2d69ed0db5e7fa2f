import { describe, expect, it } from "vitest";

import { dailySlot, parseDigestHour, weeklySlot } from "./digest-time";

describe("digest slots (Europe/Paris)", () => {
  it("is 7:00 Paris time today once past, yesterday's before", () => {
    // 29 November 2026: winter time, UTC+1.
    expect(dailySlot(new Date("2026-11-29T06:30:00Z"), 7).toISOString()).toBe("2026-11-29T06:00:00.000Z");
    expect(dailySlot(new Date("2026-11-29T05:59:59Z"), 7).toISOString()).toBe("2026-11-28T06:00:00.000Z");
    // Summer time, UTC+2.
    expect(dailySlot(new Date("2026-07-01T12:00:00Z"), 7).toISOString()).toBe("2026-07-01T05:00:00.000Z");
  });

  it("weekly slots fall on Mondays", () => {
    // Sunday 29 November 2026 → Monday 23 November.
    expect(weeklySlot(new Date("2026-11-29T10:00:00Z"), 7).toISOString()).toBe("2026-11-23T06:00:00.000Z");
    // Monday 30 November before and after 7:00.
    expect(weeklySlot(new Date("2026-11-30T05:00:00Z"), 7).toISOString()).toBe("2026-11-23T06:00:00.000Z");
    expect(weeklySlot(new Date("2026-11-30T06:00:00Z"), 7).toISOString()).toBe("2026-11-30T06:00:00.000Z");
  });

  it("reads DIGEST_HOUR strictly", () => {
    expect(parseDigestHour(undefined)).toBe(7);
    expect(parseDigestHour("")).toBe(7);
    expect(parseDigestHour("0")).toBe(0);
    expect(parseDigestHour("23")).toBe(23);
    expect(parseDigestHour("24")).toBeNull();
    expect(parseDigestHour("7h")).toBeNull();
    expect(parseDigestHour("-1")).toBeNull();
  });
});
