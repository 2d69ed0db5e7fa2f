/**
 * French dates for the interface, always in Paris time whatever the server's zone. Database
 * timestamps arrive as `Date` on the server and as ISO strings after serialisation: both are accepted.
 */

const timeZone = "Europe/Paris";

const dateFormat = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone });
const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone,
});
const monthYearFormat = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone });

/** "28 novembre 2026". */
export function formatDate(value: Date | string): string {
  return dateFormat.format(new Date(value));
}

/** "28 novembre 2026 à 21:14". */
export function formatDateTime(value: Date | string): string {
  return dateTimeFormat.format(new Date(value));
}

/** "novembre 2026", e.g. for "Membre depuis novembre 2026". */
export function formatMonthYear(value: Date | string): string {
  return monthYearFormat.format(new Date(value));
}

/** The machine-readable value for a `<time dateTime>` attribute. */
export function isoDateTime(value: Date | string): string {
  return new Date(value).toISOString();
}
