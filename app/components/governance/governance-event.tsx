import type { GovernanceStatus } from "../../../db/schema";
import { formatDateTime, isoDateTime } from "../../lib/dates";
import { statusLabels } from "../../governance/statuses";

export interface GovernanceEventData {
  id: number;
  from: GovernanceStatus;
  to: GovernanceStatus;
  comment: string | null;
  actorName: string | null;
  at: string | Date;
}

/** A status change shown between the posts, at its place in time. */
export function GovernanceEvent({ event }: { event: GovernanceEventData }) {
  return (
    <aside className="gov-event" id={`evenement-${event.id}`} aria-label={`Changement de statut : ${statusLabels[event.to]}`}>
      <p>
        <strong>
          {statusLabels[event.from]} → {statusLabels[event.to]}
        </strong>{" "}
        · {event.actorName ?? "Un membre"}, le <time dateTime={isoDateTime(event.at)}>{formatDateTime(event.at)}</time>
      </p>
      {event.comment ? <p className="gov-event__comment">{event.comment}</p> : null}
    </aside>
  );
}
