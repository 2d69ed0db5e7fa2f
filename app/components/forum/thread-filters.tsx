import { Form, Link } from "@remix-run/react";

import { kindLabels, threadKinds } from "../../forum/kinds";
import { listSearch, sortLabels, threadSorts, type ListQuery } from "../../forum/list-query";
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
  const active = Boolean(query.kind || (!hide.collectivite && query.collectivite) || (!hide.topic && query.topic) || query.sort !== "activite");
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
      <FilterSelect
        id="filtre-tri"
        name="tri"
        label="Trier par"
        anyLabel={sortLabels.activite}
        value={query.sort === "activite" ? null : query.sort}
        options={threadSorts.filter((s) => s !== "activite").map((s) => ({ value: s, label: sortLabels[s] }))}
      />
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

/**
 * Under a list's filters: "Tout marquer comme lu" (members; this list, with its fixed filters, or
 * everything) and the density switch. Plain POST forms that come back to the list.
 */
export function ListActions({
  query,
  fixed = {},
  density,
  canMarkRead,
  back,
}: {
  query: ListQuery;
  fixed?: { collectivite?: string; topic?: string };
  density: "normale" | "compacte";
  canMarkRead: boolean;
  back: string;
}) {
  const scoped = Boolean(query.kind || query.collectivite || query.topic || fixed.collectivite || fixed.topic);
  return (
    <div className="list-actions">
      {canMarkRead ? (
        <Form method="post" action="/fils/marquer-lus" className="inline-form">
          <input type="hidden" name="retour" value={back} />
          {query.kind ? <input type="hidden" name="type" value={query.kind} /> : null}
          {fixed.collectivite ?? query.collectivite ? <input type="hidden" name="collectivite" value={fixed.collectivite ?? query.collectivite ?? ""} /> : null}
          {fixed.topic ?? query.topic ? <input type="hidden" name="thematique" value={fixed.topic ?? query.topic ?? ""} /> : null}
          <button type="submit" className="button button--secondary">
            {scoped ? "Marquer les fils de cette liste comme lus" : "Tout marquer comme lu"}
          </button>
        </Form>
      ) : null}
      {canMarkRead && scoped ? (
        <Form method="post" action="/fils/marquer-lus" className="inline-form">
          <input type="hidden" name="retour" value={back} />
          <button type="submit" className="button button--secondary">
            Tout marquer comme lu
          </button>
        </Form>
      ) : null}
      <Form method="post" action="/affichage" className="inline-form">
        <input type="hidden" name="retour" value={back} />
        <input type="hidden" name="densite" value={density === "compacte" ? "normale" : "compacte"} />
        <button type="submit" className="button button--secondary" aria-pressed={density === "compacte"}>
          Affichage compact
        </button>
      </Form>
    </div>
  );
}
