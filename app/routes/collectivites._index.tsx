import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { listCollectivites } from "~/collectivites/collectivites.server";
import {
  directoryQueryParams,
  kinds,
  parseDirectoryQuery,
  phases,
  sortLink,
  type DirectoryQuery,
  type SortColumn,
} from "~/collectivites/directory-query";
import { cachedForVisitors } from "~/cache/page-cache";
import { FilterSelect } from "~/components/form";
import { getReadDb } from "~/db.server";
import { formatNumber, formatPartialDate, kindLabels, phaseLabels, plural } from "~/lib/format";

export const handle = cachedForVisitors(directoryQueryParams);

export const meta: MetaFunction = () => [{ title: "Tableau des ENT · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseDirectoryQuery(new URL(request.url).searchParams);
  const collectivites = await listCollectivites(await getReadDb(request), query);
  return { query, collectivites, canCreate: can(await getUser(request), "collectivite.manage") };
}

const columns: { key: SortColumn; label: string; numeric?: boolean }[] = [
  { key: "nom", label: "Collectivité" },
  { key: "type", label: "Type" },
  { key: "ent", label: "ENT" },
  { key: "etablissements", label: "Établissements", numeric: true },
  { key: "lancement", label: "Lancement" },
  { key: "phase", label: "Phase" },
];

export default function Directory() {
  const { query, collectivites, canCreate } = useLoaderData<typeof loader>();
  const filtered = query.kind !== null || query.phase !== null;
  return (
    <>
      <h1>Tableau des ENT</h1>
      <p className="lead">
        Les collectivités qui partagent la solution OpenENT et le profil de leur espace numérique de travail. Les
        informations inconnues restent vides.
      </p>
      {canCreate ? (
        <p>
          <Link to="/collectivites/nouvelle">Ajouter une collectivité</Link>
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label="Filtrer le tableau">
        <input type="hidden" name="tri" value={query.sort} />
        <input type="hidden" name="ordre" value={query.order} />
        <FilterSelect
          id="filtre-type"
          name="type"
          label="Type de collectivité"
          anyLabel="Tous les types"
          value={query.kind}
          options={kinds.map((kind) => ({ value: kind, label: kindLabels[kind] }))}
        />
        <FilterSelect
          id="filtre-phase"
          name="phase"
          label="Phase"
          anyLabel="Toutes les phases"
          value={query.phase}
          options={phases.map((phase) => ({ value: phase, label: phaseLabels[phase] }))}
        />
        <button type="submit" className="button">
          Filtrer
        </button>
        {filtered ? (
          <Link to="/collectivites" className="button button--secondary">
            Tout afficher
          </Link>
        ) : null}
      </Form>
      <div className="table-wrap">
        <table className="data">
          <caption aria-live="polite">
            {plural(collectivites.length, "collectivité")}
            {filtered ? " correspondant aux filtres" : ""}. Cliquez sur un en-tête de colonne pour trier.
          </caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <SortableHeader key={column.key} query={query} column={column.key} numeric={column.numeric}>
                  {column.label}
                </SortableHeader>
              ))}
              <th scope="col">Site</th>
            </tr>
          </thead>
          <tbody>
            {collectivites.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/collectivites/${c.slug}`}>{c.name}</Link>
                </th>
                <td>{kindLabels[c.kind]}</td>
                <td>{c.ent_name}</td>
                <td className="number">{formatNumber(c.establishment_count)}</td>
                <td>{formatPartialDate(c.launch_date)}</td>
                <td>{c.phase ? phaseLabels[c.phase] : ""}</td>
                <td>
                  {c.website_url ? (
                    <a href={c.website_url} rel="noopener noreferrer">
                      Site <span className="visually-hidden">de {c.name}</span>
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {collectivites.length === 0 ? <p>Aucune collectivité ne correspond à ces filtres.</p> : null}
    </>
  );
}

function SortableHeader({
  query,
  column,
  numeric,
  children,
}: {
  query: DirectoryQuery;
  column: SortColumn;
  numeric?: boolean;
  children: string;
}) {
  const active = query.sort === column;
  const ariaSort = active ? (query.order === "asc" ? "ascending" : "descending") : undefined;
  const nextOrder = active && query.order === "asc" ? "décroissant" : "croissant";
  return (
    <th scope="col" aria-sort={ariaSort} className={numeric ? "number" : undefined}>
      <Link to={sortLink(query, column)} title={`Trier par ordre ${nextOrder}`}>
        {children}
        {active ? (
          <span className="sort-indicator" aria-hidden="true">
            {query.order === "asc" ? " ▲" : " ▼"}
          </span>
        ) : null}
      </Link>
    </th>
  );
}
