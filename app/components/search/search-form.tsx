import { Form } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";

import { kindLabels, threadKinds } from "../../forum/kinds";
import { searchStatuses, searchStatusLabel } from "../../search/statuses";
import { normalizeHandle } from "../../search/normalizers";
import { MAX_QUERY_LENGTH, parseSearchQuery, withFilters, type SearchFilters } from "../../search/query-parser";
import type { SearchSort } from "../../search/search-params";
import { FilterSelect } from "../form";

interface Choice {
  slug: string;
  name: string;
}

interface SearchFormProps {
  /** The normalized query the server searched for. */
  q: string;
  /** The filters as the server applied them (sent back as `filtres`, see search-params.ts). */
  shownFilters: string;
  sort: SearchSort;
  choices: { collectivites: Choice[]; topics: Choice[] };
}

/**
 * The search page's GET form: the query box and one control per filter. The box is the source
 * of truth: each control shows what the box says, and changing a control rewrites the box's
 * filter tokens (words and phrases stay as typed). Without JavaScript, the server merges them.
 */
export function SearchForm({ q, shownFilters, sort, choices }: SearchFormProps) {
  const [text, setText] = useState(q);
  // A member handle being typed in its own field, shown as typed until the field loses focus.
  const [authorDraft, setAuthorDraft] = useState<string | null>(null);
  const filters = useMemo(() => parseSearchQuery(text).filters, [text]);
  const update = (change: Partial<SearchFilters>) => setText(withFilters(text, { ...filters, ...change }));
  const firstTopic = filters.topics[0] ?? "";
  const firstCollectivite = filters.collectivites[0] ?? "";
  // On phones the filters start collapsed (with JavaScript; without it they stay open).
  const filterPanel = useRef<HTMLDetailsElement>(null);
  const hasShownFilters = shownFilters.trim() !== "";
  useEffect(() => {
    if (filterPanel.current && typeof window.matchMedia === "function" && window.matchMedia("(max-width: 40rem)").matches && !hasShownFilters) {
      filterPanel.current.open = false;
    }
  }, [hasShownFilters]);

  return (
    <Form method="get" action="/recherche" role="search" aria-label="Recherche dans les échanges" className="search-form">
      <div className="field search-form__query">
        <label htmlFor="recherche-q">Rechercher dans les échanges</label>
        <p id="recherche-q-aide" className="field__hint">
          Mots, « expression exacte » entre guillemets, -mot à exclure, OR entre deux mots ; filtres #thématique,
          collectivite:…, @membre, type:…, statut:…, apres:AAAA-MM-JJ, avant:AAAA-MM-JJ, dans:titre.
        </p>
        <div className="search-form__row">
          <input
            id="recherche-q"
            name="q"
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            maxLength={MAX_QUERY_LENGTH}
            aria-describedby="recherche-q-aide"
            autoComplete="off"
          />
          <button type="submit" className="button">
            Rechercher
          </button>
        </div>
      </div>
      <input type="hidden" name="filtres" value={shownFilters} />
      <details ref={filterPanel} className="search-form__panel" open>
      <summary className="search-form__panel-toggle">Filtres et tri</summary>
      <fieldset className="filters search-form__filters">
        <legend>Affiner la recherche</legend>
        <FilterSelect
          id="recherche-type"
          name="type"
          label="Type de fil"
          anyLabel="Tous les types"
          value={filters.kind}
          options={threadKinds.map((kind) => ({ value: kind, label: kindLabels[kind] }))}
          onChange={(value) => update({ kind: (value || null) as SearchFilters["kind"] })}
        />
        <FilterSelect
          id="recherche-statut"
          name="statut"
          label="Statut (question ou proposition)"
          anyLabel="Tous les statuts"
          value={filters.status}
          options={searchStatuses.map((status) => ({ value: status, label: searchStatusLabel(status) }))}
          onChange={(value) => update({ status: (value || null) as SearchFilters["status"] })}
        />
        <FilterSelect
          id="recherche-thematique"
          name="thematique"
          label="Thématique"
          anyLabel="Toutes les thématiques"
          value={firstTopic}
          options={choices.topics.map((t) => ({ value: t.slug, label: t.name }))}
          onChange={(value) => update({ topics: replaceFirst(filters.topics, value) })}
        />
        <FilterSelect
          id="recherche-collectivite"
          name="collectivite"
          label="Collectivité"
          anyLabel="Toutes les collectivités"
          value={firstCollectivite}
          options={choices.collectivites.map((c) => ({ value: c.slug, label: c.name }))}
          onChange={(value) => update({ collectivites: replaceFirst(filters.collectivites, value) })}
        />
        <div className="field">
          <label htmlFor="recherche-membre">Membre (identifiant)</label>
          <input
            id="recherche-membre"
            name="membre"
            type="text"
            value={authorDraft ?? filters.author ?? ""}
            placeholder="ex. alex-delegue-3"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => {
              setAuthorDraft(e.target.value);
              const handle = normalizeHandle(e.target.value);
              if (handle || !e.target.value.trim()) update({ author: handle });
            }}
            onBlur={() => setAuthorDraft(null)}
          />
        </div>
        <div className="field">
          <label htmlFor="recherche-apres">Écrit à partir du</label>
          <input id="recherche-apres" name="apres" type="date" value={filters.after ?? ""} onChange={(e) => update({ after: e.target.value || null })} />
        </div>
        <div className="field">
          <label htmlFor="recherche-avant">Écrit avant le</label>
          <input id="recherche-avant" name="avant" type="date" value={filters.before ?? ""} onChange={(e) => update({ before: e.target.value || null })} />
        </div>
        <div className="field search-form__check">
          <input type="hidden" name="dans" value="" />
          <input id="recherche-dans" name="dans" type="checkbox" value="titre" checked={filters.titleOnly} onChange={(e) => update({ titleOnly: e.target.checked })} />
          <label htmlFor="recherche-dans">Titres seulement</label>
        </div>
        <div className="field">
          <label htmlFor="recherche-tri">Classer par</label>
          <select id="recherche-tri" name="tri" defaultValue={sort}>
            <option value="pertinence">Pertinence</option>
            <option value="date">Date (plus récents d'abord)</option>
            <option value="utile">Plus utiles d'abord</option>
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          Appliquer
        </button>
      </fieldset>
      </details>
    </Form>
  );
}

/** A select shows the first of several tags; choosing another replaces that one only. */
function replaceFirst(list: string[], value: string): string[] {
  const rest = list.slice(1).filter((slug) => slug !== value);
  return value ? [value, ...rest] : rest;
}
