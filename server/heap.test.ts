import { spawnSync } from "node:child_process";

import { describe, expect, it } from "vitest";

import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercent } from "./heap";

/**
 * A process with 40 MB of live objects that allocates short-lived ones (kept for a while, as a
 * request's objects are): the heap V8 reserved at its largest, in MB, after `limitHeapGrowth`.
 */
function largestHeapMb(percent: string): number {
  const script = `
    import { getHeapStatistics } from "node:v8";
    import { limitHeapGrowth } from "./server/heap.ts";
    limitHeapGrowth({ HEAP_GROWING_PERCENT: ${JSON.stringify(percent)} });
    const live = Array.from({ length: 400000 }, (_, i) => ({ i, s: "x" + i }));
    let recent = [];
    let largest = 0;
    for (let round = 0; round < 4000; round++) {
      for (let k = 0; k < 1000; k++) recent.push({ a: [1, 2, 3], b: "y" + k });
      if (recent.length > 200000) recent = [];
      largest = Math.max(largest, getHeapStatistics().total_heap_size);
    }
    console.log(Math.round(largest / 1048576), live.length);
  `;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  expect(result.stderr).toBe("");
  return Number(result.stdout.split(" ")[0]);
}

describe("heap growth (HEAP_GROWING_PERCENT)", () => {
  it("reads the setting: 50 by default, 0 for V8's own, a whole number up to 300", () => {
    expect(heapGrowingPercent(undefined)).toBe(DEFAULT_HEAP_GROWING_PERCENT);
    expect(heapGrowingPercent(" ")).toBe(50);
    expect(heapGrowingPercent("0")).toBe(0);
    expect(heapGrowingPercent("25")).toBe(25);
    expect(() => heapGrowingPercent("beaucoup")).toThrow(/HEAP_GROWING_PERCENT/);
    expect(() => heapGrowingPercent("-1")).toThrow(/HEAP_GROWING_PERCENT/);
    expect(() => heapGrowingPercent("1.5")).toThrow(/HEAP_GROWING_PERCENT/);
    expect(() => heapGrowingPercent("301")).toThrow(/HEAP_GROWING_PERCENT/);
  });

  it("keeps the heap well below what V8's own factor lets it reach", () => {
    const own = largestHeapMb("0");
    const limited = largestHeapMb("50");
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThan(own * 0.75);
  }, 60_000);
});
