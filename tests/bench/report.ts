/** The benchmark's figures and their table: pure, so they can be checked without a server. */

export interface TargetResult {
  key: string;
  label: string;
  path: string;
  /** The p95 latency the issue asks for, in ms. */
  targetP95: number;
  available: boolean;
  /** HTTP status of one request made before the run. */
  probeStatus: number;
  requests?: number;
  requestsPerSecond?: number;
  p50?: number | null;
  p95?: number | null;
  p99?: number | null;
  max?: number | null;
  non2xx?: number;
  errors?: number;
  timeouts?: number;
  /** The server's peak resident memory while this page was under load, MB. */
  peakRssMb?: number;
}

/** Nearest-rank percentile of sorted values; null when there are none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const ms = (value: number | null | undefined) => (value === null || value === undefined ? "–" : value.toFixed(1));

export function formatTable(results: readonly TargetResult[]): string {
  const header = ["Page", "p50 ms", "p95 ms", "p99 ms", "req/s", "non-2xx", "RSS max Mo", "cible p95", ""];
  const rows = results.map((r) =>
    r.available
      ? [
          r.label,
          ms(r.p50),
          ms(r.p95),
          ms(r.p99),
          (r.requestsPerSecond ?? 0).toFixed(0),
          String((r.non2xx ?? 0) + (r.errors ?? 0)),
          r.peakRssMb === undefined ? "–" : r.peakRssMb.toFixed(0),
          `≤ ${r.targetP95}`,
          r.p95 !== null && r.p95 !== undefined && r.p95 <= r.targetP95 && !r.non2xx && !r.errors ? "ok" : "MANQUÉE",
        ]
      : [r.label, "–", "–", "–", "–", "–", "–", `≤ ${r.targetP95}`, "pas disponible"],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}
