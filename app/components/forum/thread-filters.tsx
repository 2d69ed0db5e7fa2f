import { Form, Link } from "@remix-run/react";

import { kindLabels, threadKinds } from "../../forum/kinds";
import { listSearch, type ListQuery } from "../../forum/list-query";
import { FilterSelect } from "../form";

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
      <FilterSelect
        id="filtre-type-fil"
        name="type"
        label="Type"
        anyLabel="Tous les types"
        value={query.kind}
        options={threadKinds.map((kind) => ({ value: kind, label: kindLabels[kind] }))}
      />
      {hide.collectivite ? null : (
        <FilterSelect
          id="filtre-collectivite"
          name="collectivite"
          label="Collectivité"
          anyLabel="Toutes les collectivités"
          value={query.collectivite}
          options={collectivites.map((c) => ({ value: c.slug, label: c.name }))}
        />
      )}
      {hide.topic ? null : (
        <FilterSelect
          id="filtre-thematique"
          name="thematique"
          label="Thématique"
          anyLabel="Toutes les thématiques"
          value={query.topic}
          options={topics.map((t) => ({ value: t.slug, label: t.name }))}
        />
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
