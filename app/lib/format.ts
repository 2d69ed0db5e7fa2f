import type { CollectiviteKind, EntPhase } from "../../db/schema";

const monthFormat = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" });
const dayFormat = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const numberFormat = new Intl.NumberFormat("fr-FR");

export const kindLabels: Record<CollectiviteKind, string> = {
  region: "Région",
  departement: "Département",
  commune: "Commune",
  autre: "Autre",
};

export const phaseLabels: Record<EntPhase, string> = {
  pilote: "Pilote",
  generalisation: "Généralisation",
};

/** A partial ISO date ("2009", "2009-03", "2009-03-12") shown only as precisely as it is known. */
export function formatPartialDate(value: string | null): string {
  if (!value) return "";
  const [year, month, day] = value.split("-").map(Number);
  if (!year) return "";
  if (!month) return String(year);
  if (!day) return monthFormat.format(Date.UTC(year, month - 1, 1));
  return dayFormat.format(Date.UTC(year, month - 1, day));
}

export function formatNumber(value: number | null): string {
  return value === null ? "" : numberFormat.format(value);
}

/** "1 résultat", "0 résultat", "3 résultats": French uses the singular for 0 and 1. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${numberFormat.format(count)} ${Math.abs(count) < 2 ? singular : pluralForm}`;
}

/** A moment as "12 décembre 2026 à 18:00", Paris time (suspensions, warnings). */
export function formatParisDateTime(value: string | Date): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString("fr-FR", { timeZone: "Europe/Paris", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
}
