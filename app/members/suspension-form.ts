import { checkReason, type FormErrors } from "../moderation/moderation-form";

/**
 * The timed suspension form (client-safe): "Jusqu'au" a day (YYYY-MM-DD, the suspension ends at
 * the end of that day, Paris time), within a year, and a reason the member reads at sign-in.
 */

export const SUSPENSION_MAX_DAYS = 365;

/** The end of a Paris day as an instant (daylight saving time included). */
export function endOfParisDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const noon = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(noon.getTime()) || noon.toISOString().slice(0, 10) !== day) return null;
  // Paris is UTC+1 or UTC+2: find the offset that day at noon, then 23:59:59 local time.
  const parisNoon = Number(noon.toLocaleString("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", hour12: false }));
  const offsetHours = parisNoon - 12;
  return new Date(Date.parse(`${day}T23:59:59Z`) - offsetHours * 3600 * 1000);
}

export function parseSuspensionForm(values: { until: string; reason: string }, now: Date): { ok: true; until: Date; reason: string } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const text = values.until.trim();
  const until = text === "" ? null : endOfParisDay(text);
  if (text === "") errors.until = "Indiquez jusqu'à quel jour le compte est suspendu.";
  else if (!until) errors.until = "Indiquez une date au format jj/mm/aaaa.";
  else if (until.getTime() <= now.getTime()) errors.until = "Cette date est déjà passée : choisissez une date à venir.";
  else if (until.getTime() - now.getTime() > (SUSPENSION_MAX_DAYS + 1) * 24 * 3600 * 1000) errors.until = `Une suspension dure au plus ${SUSPENSION_MAX_DAYS} jours.`;
  const reason = checkReason(values.reason, errors, "reason");
  if (reason === "" && errors.reason) errors.reason = "Indiquez la raison : le membre la lira s'il essaie de se connecter.";
  if (Object.keys(errors).length > 0 || !until) return { ok: false, errors };
  return { ok: true, until, reason };
}
