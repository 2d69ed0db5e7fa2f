import { Form, Link } from "@remix-run/react";

import { kindLabels, threadKinds } from "../../forum/kinds";
import { listSearch, type ListQuery } from "../../forum/list-query";

interface Choice {
  slug: string;
  name: string;
}

/**
 * The list's filters as a GET form, so they work without JavaScript and every filtered list has a
 * URL. A page that already fixes a collectivité or a thématique hides that select.
 */
export function ThreadFilters({
  query,
  collectivites,
  topics,
  hide = {},
}: {
  query: ListQuery;
  collectivites: Choice[];
  topics: Choice[];
  hide?: { collectivite?: boolean; topic?: boolean };
}) {
  const active = Boolean(query.kind || (!hide.collectivite && query.collectivite) || (!hide.topic && query.topic));
  return (
    <Form method="get" className="filters" aria-label="Filtrer les fils">
      <div className="field">
        <label htmlFor="filtre-type-fil">Type</label>
        <select id="filtre-type-fil" name="type" defaultValue={query.kind ?? ""}>
          <option value="">Tous les types</option>
          {threadKinds.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabels[kind]}
            </option>
          ))}
        </select>
      </div>
      {hide.collectivite ? null : (
        <div className="field">
          <label htmlFor="filtre-collectivite">Collectivité</label>
          <select id="filtre-collectivite" name="collectivite" defaultValue={query.collectivite ?? ""}>
            <option value="">Toutes les collectivités</option>
            {collectivites.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {hide.topic ? null : (
        <div className="field">
          <label htmlFor="filtre-thematique">Thématique</label>
          <select id="filtre-thematique" name="thematique" defaultValue={query.topic ?? ""}>
            <option value="">Toutes les thématiques</option>
            {topics.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="submit" className="button">
        Filtrer
      </button>
      {active ? (
        <Link to="." className="button button--secondary">
          Tout afficher
        </Link>
      ) : null}
    </Form>
  );
}

export function NextPageLink({ query, nextCursor }: { query: ListQuery; nextCursor: string | null }) {
  if (!nextCursor) return null;
  return (
    <nav aria-label="Pagination" className="pagination">
      <Link to={listSearch({ ...query, cursor: nextCursor })} rel="next">
        Fils plus anciens →
      </Link>
    </nav>
  );
}
