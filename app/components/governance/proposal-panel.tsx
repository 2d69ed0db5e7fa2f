import { Link } from "@remix-run/react";

import type { GovernanceStatus } from "../../../db/schema";
import { transitionLabels } from "../../governance/statuses";
import { DecisionBox, type DecisionData } from "./decision-details";
import { StatusBadge } from "./status-badge";

export interface ProposalPanelData {
  status: GovernanceStatus;
  decision: DecisionData | null;
  versionCount: number;
  latestVersionId: number | null;
  moves: GovernanceStatus[];
}

/** Under a proposal's title: its status, its decision, its reference text, the moves the viewer may make. */
export function ProposalPanel({ threadId, proposal, canManage }: { threadId: number; proposal: ProposalPanelData; canManage: boolean }) {
  const base = `/gouvernance/propositions/${threadId}`;
  return (
    <div className="proposal" id="proposition">
      <p className="proposal__status">
        Proposition de gouvernance · <StatusBadge status={proposal.status} />
      </p>
      {proposal.decision ? <DecisionBox decision={proposal.decision} /> : null}
      <p className="proposal__links">
        {proposal.versionCount > 0 ? (
          <>
            <Link to={`${base}/texte`}>Texte de référence</Link> ({proposal.versionCount} version{proposal.versionCount > 1 ? "s" : ""})
          </>
        ) : canManage ? (
          <Link to={`${base}/texte`}>Ajouter un texte de référence</Link>
        ) : (
          <span className="muted">Pas encore de texte de référence.</span>
        )}
      </p>
      {proposal.moves.length > 0 ? (
        <nav aria-label="Changer le statut de la proposition">
          <ul className="proposal__moves">
            {proposal.moves.map((to) => (
              <li key={to}>
                <Link className="button button--secondary" to={`${base}/statut?vers=${to}`}>
                  {transitionLabels[to]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
