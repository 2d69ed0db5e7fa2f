const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/Paris",
});

/** "28 novembre 2026 à 21:14" in Paris time, whatever the server's zone. */
export function formatDateTime(value: Date | string): string {
  return dateTimeFormat.format(new Date(value));
}
