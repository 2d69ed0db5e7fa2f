import type { OutboxStatus } from "../../db/schema";

/** How the admin pages name a message's delivery status. */
export const outboxStatusLabels: Record<OutboxStatus, string> = {
  pending: "En attente",
  sent: "Envoyé",
  failed: "Échec",
};

/** A message "sent" to the console was only printed there: say so rather than "Envoyé". */
export const CONSOLE_DELIVERY_LABEL = "Affiché dans la console (pas de serveur SMTP)";

export function outboxStatusLabel(status: OutboxStatus, deliveredVia: string | null): string {
  return status === "sent" && deliveredVia === "console" ? CONSOLE_DELIVERY_LABEL : outboxStatusLabels[status];
}

/** Where a secret link goes in a stored body (the link itself is kept apart, then erased). */
export const SECRET_PLACEHOLDER = "[[lien-secret]]";

/** The body as administrators read it: the secret link's place says what it was, never the link. */
export function redactedBody(body: string, label: string | null, status: OutboxStatus): string {
  const what = label ?? "lien personnel";
  const note =
    status === "sent"
      ? `[${what} envoyé — non conservé]`
      : status === "pending"
        ? `[${what} — joint au courriel à l'envoi, jamais affiché]`
        : `[${what} non envoyé — effacé]`;
  return body.replaceAll(SECRET_PLACEHOLDER, note);
}

/** Reads a positive integer id from a URL segment or query value; anything else is null. */
export function parseId(value: string | null | undefined): number | null {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= 2_147_483_647 ? id : null;
}
