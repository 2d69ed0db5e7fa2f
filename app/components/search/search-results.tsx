import { Link } from "@remix-run/react";

import { kindLabels } from "../../forum/kinds";
import { threadPath } from "../../forum/slug";
import { formatDate, isoDateTime } from "../../lib/dates";
import { formatNumber, plural } from "../../lib/format";
import { RESULTS_PER_PAGE, searchHref, type SearchSort } from "../../search/search-params";
import { TagLinks } from "../forum/thread-list";

export interface SearchHitView {
  postId: number;
  position: number;
  threadId: number;
  threadSlug: string;
  threadTitle: string;
  titleHtml: string;
  excerptHtml: string;
  /** The words were found in this attachment's text (docs/files.md). */
  attachmentName?: string | null;
  kind: keyof typeof kindLabels;
  visibility: "members" | "public";
  authorName: string;
  createdAt: string | Date;
  replyCount: number;
  resolved?: boolean;
  usefulCount?: number;
  collectivites: { slug: string; name: string }[];
  topics: { slug: string; name: string }[];
}

export interface ActiveFilterView {
  token: string;
  label: string;
  href: string;
}

/** "123 résultats", "Plus de 480 résultats" when the ranking window was full. */
export function resultCount(total: number, capped: boolean): string {
  return capped ? `Plus de ${plural(total, "résultat")}` : plural(total, "résultat");
}

export function SearchNotices({ notices }: { notices: string[] }) {
  if (notices.length === 0) return null;
  return (
    <div className="search-notices" role="status">
      <p className="search-notices__title">Votre recherche a été ajustée :</p>
      <ul>
        {notices.map((notice) => (
          <li key={notice}>{notice}</li>
        ))}
      </ul>
    </div>
  );
}

export function ActiveFilters({ filters }: { filters: ActiveFilterView[] }) {
  if (filters.length === 0) return null;
  return (
    <div className="search-active">
      <p className="search-active__title">Filtres appliqués :</p>
      <ul className="tags">
        {filters.map((filter) => (
          <li key={filter.token}>
            <span className="tag">{filter.label}</span>{" "}
            <Link to={filter.href} className="search-active__remove">
              Retirer<span className="visually-hidden"> le filtre {filter.label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SearchResults({
  hits,
  total,
  capped,
  window,
  q,
  sort,
  page,
  pageCount,
}: {
  hits: SearchHitView[];
  total: number;
  capped: boolean;
  window: number;
  q: string;
  sort: SearchSort;
  page: number;
  pageCount: number;
}) {
  return (
    <section aria-labelledby="resultats-titre" className="search-results">
      <h2 id="resultats-titre" className="search-results__count">
        {resultCount(total, capped)}
      </h2>
      {capped ? (
        <p className="muted">
          Très nombreux messages correspondants : seuls les {formatNumber(window)} plus récents ont été classés. Ajoutez
          un mot ou un filtre pour préciser la recherche.
        </p>
      ) : null}
      {hits.length === 0 ? (
        <p>Cette page ne contient aucun résultat.</p>
      ) : (
        <ol className="search-results__list" start={(page - 1) * RESULTS_PER_PAGE + 1}>
          {hits.map((hit) => (
            <li key={hit.postId} className="search-hit">
              <p className="thread-item__head">
                <span className={`kind kind--${hit.kind}`}>{kindLabels[hit.kind]}</span>
                {hit.resolved ? <span className="badge badge--resolved">Résolu</span> : null}
                {hit.visibility === "public" ? <span className="badge badge--muted">Public</span> : null}
              </p>
              <h3 className="search-hit__title">
                <Link to={`/messages/${hit.postId}`} reloadDocument>
                  {/* Highlighted on the server: escaped text with <mark> only (app/search/highlight.ts). */}
                  <span dangerouslySetInnerHTML={{ __html: hit.titleHtml }} />
                </Link>
              </h3>
              {hit.attachmentName ? <p className="search-hit__attachment">dans la pièce jointe « {hit.attachmentName} »</p> : null}
              <p className="search-hit__excerpt" dangerouslySetInnerHTML={{ __html: hit.excerptHtml }} />
              <p className="search-hit__meta">
                {hit.position === 1 ? "Message d'ouverture" : `Réponse n° ${hit.position - 1}`} de {hit.authorName}, le{" "}
                <time dateTime={isoDateTime(hit.createdAt)}>{formatDate(hit.createdAt)}</time> · fil de{" "}
                {plural(hit.replyCount + 1, "message")} ·{" "}
                {hit.usefulCount ? `${plural(hit.usefulCount, "marque")} « utile » · ` : null}
                <Link to={threadPath({ id: hit.threadId, slug: hit.threadSlug })}>
                  ouvrir le fil<span className="visually-hidden"> « {hit.threadTitle} » au début</span>
                </Link>
              </p>
              <TagLinks collectivites={hit.collectivites} topics={hit.topics} />
            </li>
          ))}
        </ol>
      )}
      <SearchPagination q={q} sort={sort} page={page} pageCount={pageCount} />
    </section>
  );
}

function SearchPagination({ q, sort, page, pageCount }: { q: string; sort: SearchSort; page: number; pageCount: number }) {
  if (pageCount <= 1 && page <= 1) return null;
  return (
    <nav className="pagination search-pagination" aria-label="Pages de résultats">
      <ul>
        {page > 1 ? (
          <li>
            <Link to={searchHref(q, { sort, page: page - 1 })} rel="prev">
              ← Résultats précédents
            </Link>
          </li>
        ) : null}
        <li>
          <span aria-current="page">
            Page {page} sur {Math.max(pageCount, page)}
          </span>
        </li>
        {page < pageCount ? (
          <li>
            <Link to={searchHref(q, { sort, page: page + 1 })} rel="next">
              Résultats suivants →
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export function NoResults({
  q,
  didYouMean,
  similarTitles,
  active,
}: {
  q: string;
  didYouMean: { q: string; href: string } | null;
  similarTitles: { id: number; slug: string; title: string }[];
  active: ActiveFilterView[];
}) {
  return (
    <section aria-labelledby="resultats-titre" className="search-results search-results--empty">
      <h2 id="resultats-titre">Aucun résultat</h2>
      <p>Aucun message ne correspond à « {q} ».</p>
      {didYouMean ? (
        <p className="search-suggestion">
          Vouliez-vous dire <Link to={didYouMean.href}>« {didYouMean.q} »</Link> ?
        </p>
      ) : null}
      {similarTitles.length > 0 ? (
        <>
          <p>Des fils aux titres proches :</p>
          <ul>
            {similarTitles.map((t) => (
              <li key={t.id}>
                <Link to={threadPath(t)} dir="auto">
                  {t.title}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {active.length > 0 ? (
        <>
          <p>Élargir la recherche :</p>
          <ul>
            {active.map((filter) => (
              <li key={filter.token}>
                <Link to={filter.href}>
                  Sans le filtre {filter.label} ({filter.token})
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">Essayez des mots plus généraux, ou moins de mots.</p>
      )}
    </section>
  );
}

export function SearchHelp() {
  return (
    <section aria-labelledby="aide-recherche" className="search-help">
      <h2 id="aide-recherche">Comment chercher</h2>
      <p>
        La recherche ignore les accents et les majuscules, et retrouve les formes d'un même mot : « collège » trouve
        aussi « colleges ».
      </p>
      <dl className="search-help__syntax">
        <dt>
          <code>financement collèges</code>
        </dt>
        <dd>les messages qui contiennent les deux mots</dd>
        <dt>
          <code>"socle technique"</code>
        </dt>
        <dd>l'expression exacte</dd>
        <dt>
          <code>formation -familles</code>
        </dt>
        <dd>sans le mot « familles »</dd>
        <dt>
          <code>collège OR lycée</code>
        </dt>
        <dd>l'un ou l'autre mot</dd>
        <dt>
          <code>#formation</code>, <code>collectivite:ile-de-france</code>, <code>@identifiant</code>
        </dt>
        <dd>une thématique, une collectivité, un membre</dd>
        <dt>
          <code>type:retour</code> (ou question, discussion, gouvernance)
        </dt>
        <dd>un type de fil</dd>
        <dt>
          <code>apres:2025-09-01</code>, <code>avant:2026-01-01</code>
        </dt>
        <dd>les messages écrits à partir d'un jour, ou avant un jour</dd>
        <dt>
          <code>dans:titre</code>
        </dt>
        <dd>chercher seulement dans les titres des fils</dd>
      </dl>
    </section>
  );
}
