import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { findCollectiviteBySlug } from "~/collectivites/collectivites.server";
import { getDb } from "~/db.server";
import { formatNumber, formatPartialDate, kindLabels, phaseLabels } from "~/lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.collectivite.name} · OpenENT Échanges` : "OpenENT Échanges" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const collectivite = await findCollectiviteBySlug(await getDb(), params.slug ?? "");
  if (!collectivite) throw new Response("Collectivité introuvable", { status: 404 });
  return { collectivite };
}

const unknown = <span className="muted">Non renseigné</span>;

export default function CollectivitePage() {
  const { collectivite: c } = useLoaderData<typeof loader>();
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
    </>
  );
}
