/**
 * One updating progress line per step: rows done, rate, time left. On a terminal the line is
 * rewritten in place; in a log file, a line is printed every few seconds instead.
 */

const numberFormat = new Intl.NumberFormat("fr-FR");

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

export function formatProgress(label: string, done: number, total: number, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  const percent = total > 0 ? (100 * done) / total : 100;
  const left = rate > 0 ? (total - done) / rate : Number.NaN;
  return (
    `${label} : ${numberFormat.format(done)} / ${numberFormat.format(total)} (${percent.toFixed(1).replace(".", ",")} %)` +
    ` · ${numberFormat.format(Math.round(rate))} lignes/s · écoulé ${formatDuration(seconds)}` +
    (done < total ? ` · reste ${formatDuration(left)}` : "")
  );
}

export class Progress {
  private done = 0;
  private readonly started = performance.now();
  private lastPrint = 0;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  add(rows: number): void {
    this.done += rows;
    const now = performance.now();
    if (now - this.lastPrint >= (this.tty ? 200 : 5_000)) {
      this.lastPrint = now;
      this.print();
    }
  }

  /** Prints the final line and returns the elapsed seconds and rate. */
  finish(): { seconds: number; rate: number } {
    const seconds = (performance.now() - this.started) / 1000;
    this.print();
    if (this.tty) this.stream.write("\n");
    return { seconds, rate: seconds > 0 ? this.done / seconds : 0 };
  }

  private print(): void {
    const line = formatProgress(this.label, this.done, this.total, performance.now() - this.started);
    this.stream.write(this.tty ? `\r\x1b[2K${line}` : `${line}\n`);
  }
}
