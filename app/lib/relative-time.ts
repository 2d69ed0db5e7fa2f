const relative = new Intl.RelativeTimeFormat("fr-FR", { numeric: "auto" });

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/**
 * "il y a 3 jours", "hier", "à l'instant". `now` comes from the loader so that the server and the
 * browser print the same words (no hydration mismatch).
 */
export function formatRelative(value: Date | string, now: Date | string | number): string {
  const seconds = (new Date(value).getTime() - new Date(now).getTime()) / 1000;
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return "à l'instant";
}
