/**
 * When digests go out: at DIGEST_HOUR (default 7) in Europe/Paris, daily; weekly ones on Monday.
 * A "slot" is that instant in UTC; a member's digest is claimed once per slot. Pure, client-safe.
 */

export const DIGEST_TIME_ZONE = "Europe/Paris";
export const DEFAULT_DIGEST_HOUR = 7;

/** DIGEST_HOUR from the environment: an integer 0–23, else null (start-up refuses it). */
export function parseDigestHour(value: string | undefined): number | null {
  if (value === undefined || value.trim() === "") return DEFAULT_DIGEST_HOUR;
  if (!/^\d{1,2}$/.test(value.trim())) return null;
  const hour = Number(value.trim());
  return hour <= 23 ? hour : null;
}

const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: DIGEST_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  weekday: "short",
});

function parisParts(at: Date) {
  const parts = Object.fromEntries(partsFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(String(parts.weekday)),
  };
}

/** The UTC instant of a Paris wall-clock time (the offset is +1 h or +2 h). */
function parisWallClock(year: number, month: number, day: number, hour: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour);
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(guess - offsetHours * 3_600_000);
    const p = parisParts(candidate);
    if (p.day === day && p.hour === hour) return candidate;
  }
  // The hour does not exist that day (spring forward): take the hour after.
  return new Date(guess - 3_600_000);
}

/** The latest daily slot at or before `now`. */
export function dailySlot(now: Date, hour: number): Date {
  const p = parisParts(now);
  const today = parisWallClock(p.year, p.month, p.day, hour);
  if (today.getTime() <= now.getTime()) return today;
  const yesterday = new Date(Date.UTC(p.year, p.month - 1, p.day) - 86_400_000);
  return parisWallClock(yesterday.getUTCFullYear(), yesterday.getUTCMonth() + 1, yesterday.getUTCDate(), hour);
}

/** The latest Monday slot at or before `now`. */
export function weeklySlot(now: Date, hour: number): Date {
  let slot = dailySlot(now, hour);
  for (let i = 0; i < 7 && parisParts(slot).weekday !== 0; i++) {
    const p = parisParts(slot);
    const before = new Date(Date.UTC(p.year, p.month - 1, p.day) - 86_400_000);
    slot = parisWallClock(before.getUTCFullYear(), before.getUTCMonth() + 1, before.getUTCDate(), hour);
  }
  return slot;
}
