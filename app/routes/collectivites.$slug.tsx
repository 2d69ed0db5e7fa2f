import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { findCollectiviteBySlug } from "~/collectivites/collectivites.server";
import { NextPageLink, ThreadFilters } from "~/components/forum/thread-filters";
import { ThreadList } from "~/components/forum/thread-list";
import { getDb } from "~/db.server";
import { loadThreadListPage } from "~/forum/list-page.server";
import { parseListQuery } from "~/forum/list-query";
import { formatNumber, formatPartialDate, kindLabels, phaseLabels } from "~/lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.collectivite.name} · OpenENT Échanges` : "OpenENT Échanges" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const collectivite = await findCollectiviteBySlug(db, params.slug ?? "");
  if (!collectivite) throw new Response("Collectivité introuvable", { status: 404 });
  const query = parseListQuery(new URL(request.url).searchParams);
  const list = await loadThreadListPage(db, await getUser(request), query, { collectiviteId: collectivite.id });
  return { collectivite, list, query };
}

const unknown = <span className="muted">Non renseigné</span>;

export default function CollectivitePage() {
  const { collectivite: c, list, query } = useLoaderData<typeof loader>();
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to="/collectivites">Tableau des ENT</Link>
          </li>
          <li aria-current="page">{c.name}</li>
        </ol>
      </nav>
      <h1>{c.name}</h1>
      {c.description ? <p className="lead">{c.description}</p> : null}
      <h2>Profil de l'ENT</h2>
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
      <h2>Fils qui concernent {c.name}</h2>
      <ThreadFilters query={query} collectivites={list.choices.collectivites} topics={list.choices.topics} hide={{ collectivite: true }} />
      <ThreadList threads={list.threads} now={list.now} />
      <NextPageLink query={query} nextCursor={list.nextCursor} />
    </>
  );
}
