import { Link } from "@remix-run/react";

import { threadPath } from "~/forum/slug";

/**
 * The breadcrumb of a proposal's pages: Gouvernance › the proposal's thread › `trail` (links) ›
 * `current` (this page).
 */
export function ProposalBreadcrumb({
  thread,
  trail = [],
  current,
}: {
  thread: { id: number; slug: string; title: string };
  trail?: { to: string; label: string }[];
  current: string;
}) {
  return (
    <nav className="breadcrumb" aria-label="Fil d'Ariane">
      <ol>
        <li>
          <Link to="/gouvernance">Gouvernance</Link>
        </li>
        <li>
          <Link to={threadPath(thread)}>{thread.title}</Link>
        </li>
        {trail.map((item) => (
          <li key={item.to}>
            <Link to={item.to}>{item.label}</Link>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

/** The link to a proposal's reference text, for the trail of the pages below it. */
export const referenceTextLink = (threadId: number) => ({ to: `/gouvernance/propositions/${threadId}/texte`, label: "Texte de référence" });
