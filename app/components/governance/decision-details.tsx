import { Link } from "@remix-run/react";

import { formatDate } from "../../lib/dates";
import { statusLabels } from "../../governance/statuses";

export interface DecisionData {
  id: number;
  outcome: "adoptee" | "rejetee";
  decidedOn: string;
  decidingBody: string;
  votesFor: number | null;
  votesAgainst: number | null;
  abstentions: number | null;
  summary: string;
  versionId: number | null;
  versionNumber: number | null;
}

/** The facts of a decision as a description list: outcome, date, body, votes, adopted version. */
export function DecisionFacts({ decision }: { decision: DecisionData }) {
  const hasVotes = decision.votesFor !== null || decision.votesAgainst !== null || decision.abstentions !== null;
  return (
    <dl className="decision__facts">
      <dt>Décision</dt>
      <dd>Proposition {statusLabels[decision.outcome].toLowerCase()}</dd>
      <dt>Date</dt>
      <dd>
        <time dateTime={decision.decidedOn}>{formatDate(`${decision.decidedOn}T12:00:00Z`)}</time>
      </dd>
      <dt>Instance</dt>
      <dd>{decision.decidingBody}</dd>
      {hasVotes ? (
        <>
          <dt>Votes</dt>
          <dd>
            Pour : {decision.votesFor ?? "—"} · Contre : {decision.votesAgainst ?? "—"} · Abstentions : {decision.abstentions ?? "—"}
          </dd>
        </>
      ) : null}
      {decision.versionId && decision.versionNumber ? (
        <>
          <dt>{decision.outcome === "adoptee" ? "Texte adopté" : "Texte soumis"}</dt>
          <dd>
            <Link to={`/gouvernance/versions/${decision.versionId}`}>Version {decision.versionNumber} du texte de référence</Link>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** At the top of a decided proposal's thread. */
export function DecisionBox({ decision }: { decision: DecisionData }) {
  return (
    <section className="decision" aria-labelledby="decision-titre">
      <h2 id="decision-titre">Décision n° {decision.id}</h2>
      <DecisionFacts decision={decision} />
      <p className="decision__summary">{decision.summary}</p>
      <p>
        <Link to={`/gouvernance/decisions/${decision.id}`}>Fiche de la décision (imprimable, export Markdown)</Link>
      </p>
    </section>
  );
}
