import type { GovernanceStatus } from "../../../db/schema";
import { statusLabels } from "../../governance/statuses";

/** A proposal's status as text (never colour alone): "Statut : Adoptée". */
export function StatusBadge({ status }: { status: GovernanceStatus }) {
  return (
    <span className={`badge status status--${status}`}>
      <span className="visually-hidden">Statut : </span>
      {statusLabels[status]}
    </span>
  );
}
