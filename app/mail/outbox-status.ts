import type { OutboxStatus } from "../../db/schema";

/** How the admin pages name a message's delivery status. */
export const outboxStatusLabels: Record<OutboxStatus, string> = {
  pending: "En attente",
  sent: "Envoyé",
  failed: "Échec",
};

/** Reads a positive integer id from a URL segment or query value; anything else is null. */
export function parseId(value: string | null | undefined): number | null {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= 2_147_483_647 ? id : null;
}
