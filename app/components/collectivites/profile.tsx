import type { CollectiviteKind, EntPhase } from "../../../db/schema";
import { formatDate, isoDateTime } from "~/lib/dates";
import { formatNumber, formatPartialDate, kindLabels, phaseLabels } from "~/lib/format";

/** A collectivité's ENT profile as a definition list, and who last changed it. */

interface ProfileView {
  kind: CollectiviteKind;
  ent_name: string | null;
  establishment_count: number | null;
  launch_date: string | null;
  phase: EntPhase | null;
  integrator: string | null;
  website_url: string | null;
}

const unknown = <span className="muted">Non renseigné</span>;

export function ProfileList({ collectivite: c }: { collectivite: ProfileView }) {
  return (
    <dl className="profile">
      <dt>Type</dt>
      <dd>{kindLabels[c.kind]}</dd>
      <dt>Nom de l'ENT</dt>
      <dd>{c.ent_name ?? unknown}</dd>
      <dt>Établissements</dt>
      <dd>{c.establishment_count === null ? unknown : formatNumber(c.establishment_count)}</dd>
      <dt>Lancement</dt>
      <dd>{c.launch_date ? formatPartialDate(c.launch_date) : unknown}</dd>
      <dt>Phase</dt>
      <dd>{c.phase ? phaseLabels[c.phase] : unknown}</dd>
      <dt>Intégrateur</dt>
      <dd>{c.integrator ?? unknown}</dd>
      <dt>Site de présentation</dt>
      <dd>
        {c.website_url ? (
          <a href={c.website_url} rel="noopener noreferrer">
            {c.website_url}
          </a>
        ) : (
          unknown
        )}
      </dd>
    </dl>
  );
}

/** "Mis à jour le 29 novembre 2026 par Camille": only once a member has changed the profile. */
export function UpdatedLine({ collectivite: c }: { collectivite: { updated_at: Date | string; updated_by: number | null; updatedByName: string | null } }) {
  if (c.updated_by === null && c.updatedByName === null) return null;
  return (
    <p className="muted" data-testid="profile-updated">
      Mis à jour le <time dateTime={isoDateTime(c.updated_at)}>{formatDate(c.updated_at)}</time>
      {c.updatedByName ? ` par ${c.updatedByName}` : ""}
    </p>
  );
}
