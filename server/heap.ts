import { setFlagsFromString } from "node:v8";

import { ConfigError } from "./origin";

/**
 * How far V8 lets the old generation grow past what survived the last full collection before it
 * collects again. V8's own factor depends on the heap limit, which Node derives from the machine's
 * memory: up to 4× on any server with 8 GB or more. Under load a page's objects outlive the young
 * generation (16 connections each hold a request for hundreds of milliseconds), get promoted, and
 * the old generation fills with them: 50 MB of live data became 250 MB of heap and 370 MB of RSS
 * before the first full collection. A fixed 50 % keeps the heap near its live size at a small cost
 * in collections (docs/performance.md, "Memory under 16 connections"; ADR 009).
 *
 * Set at run time, so it applies however the server starts (`npm run serve`, the systemd units, the
 * cluster's workers, the bench): V8 reads this flag at every full collection. `HEAP_GROWING_PERCENT=0`
 * leaves V8's own factor.
 */

export const DEFAULT_HEAP_GROWING_PERCENT = 50;

/** `HEAP_GROWING_PERCENT` (default 50; 0 for V8's own); throws `ConfigError` when it is not a whole number ≤ 300. */
export function heapGrowingPercent(value: string | undefined): number {
  const text = value?.trim() || String(DEFAULT_HEAP_GROWING_PERCENT);
  const percent = Number(text);
  if (!/^\d+$/.test(text) || percent > 300) {
    throw new ConfigError(`HEAP_GROWING_PERCENT invalide / invalid: « ${value} » (un entier de 0 à 300, 0 pour le réglage de V8)`);
  }
  return percent;
}

/** Applies `HEAP_GROWING_PERCENT` to this process' V8; returns the percent applied (0: V8's own). */
export function limitHeapGrowth(env: Record<string, string | undefined>): number {
  const percent = heapGrowingPercent(env.HEAP_GROWING_PERCENT);
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
