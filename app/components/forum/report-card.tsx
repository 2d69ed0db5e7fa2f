import { Link } from "@remix-run/react";

import { formatNumber, formatPartialDate } from "../../lib/format";

export interface ReportFactsView {
  collectiviteName: string;
  collectiviteSlug: string;
  establishments: number | null;
  periodStart: string | null;
  periodEnd: string | null;
}

function period(start: string | null, end: string | null): string | null {
  if (start && end) return `de ${formatPartialDate(start)} à ${formatPartialDate(end)}`;
  if (start) return `depuis ${formatPartialDate(start)}`;
  if (end) return `jusqu'à ${formatPartialDate(end)}`;
  return null;
}

/** The facts that make experience reports comparable, as a small card. */
export function ReportCard({ facts, compact = false }: { facts: ReportFactsView; compact?: boolean }) {
  const when = period(facts.periodStart, facts.periodEnd);
  return (
    <dl className={compact ? "report-card report-card--compact" : "report-card"} aria-label="Résumé du retour d'expérience">
      <div>
        <dt>Collectivité</dt>
        <dd>
          <Link to={`/collectivites/${facts.collectiviteSlug}`}>{facts.collectiviteName}</Link>
        </dd>
      </div>
      <div>
        <dt>Établissements concernés</dt>
        <dd>{facts.establishments === null ? "non précisé" : formatNumber(facts.establishments)}</dd>
      </div>
      <div>
        <dt>Période</dt>
        <dd>{when ?? "non précisée"}</dd>
      </div>
    </dl>
  );
}

/** The same facts on one line, after the title (compact thread lists). */
export function ReportLine({ facts }: { facts: ReportFactsView }) {
  const when = period(facts.periodStart, facts.periodEnd);
  const establishments = facts.establishments === null ? null : `${formatNumber(facts.establishments)} établissement${facts.establishments > 1 ? "s" : ""}`;
  return (
    <span className="report-line">
      {" "}— retour de <Link to={`/collectivites/${facts.collectiviteSlug}`}>{facts.collectiviteName}</Link>
      {establishments ? ` · ${establishments}` : null}
      {when ? ` · ${when}` : null}
    </span>
  );
}
