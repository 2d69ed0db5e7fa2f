import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { FilterSelect } from "~/components/form";
import { ThreadList } from "~/components/forum/thread-list";
import { StatusBadge } from "~/components/governance/status-badge";
import { getReadDb } from "~/db.server";
import { feedLinkDescriptor, feedPaths } from "~/feeds/paths";
import { threadPath } from "~/forum/slug";
import { formatDate } from "~/lib/dates";
import { parseRegisterQuery, registerSearch } from "~/governance/register-query";
import { loadGovernancePage } from "~/governance/governance-page.server";
import { governanceStatuses, statusLabels } from "~/governance/statuses";

export const meta: MetaFunction = () => [
  { title: "Gouvernance · OpenENT Échanges" },
  feedLinkDescriptor(feedPaths.register, "Registre des décisions (Atom)"),
];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = parseRegisterQuery(url.searchParams);
  const user = await getUser(request);
  const page = await loadGovernancePage(await getReadDb(request), user, filters, url.searchParams.get("apres"));
  return { filters, ...page, now: Date.now() };
}

export default function Governance() {
  const { filters, proposals, nextCursor, register, years, topics, canPropose, now } = useLoaderData<typeof loader>();
  const csv = `/gouvernance/registre.csv${registerSearch({ ...filters, status: null })}`;
  return (
    <>
      <h1>Gouvernance</h1>
      <p className="lead">
        Les propositions du groupe de gouvernance (statuts de l'association, chartes, règles budgétaires), leurs textes de référence versionnés, et le
        registre des décisions.
      </p>
      {canPropose ? (
        <p>
          <Link to="/fils/nouveau?type=gouvernance" className="button">
            Nouvelle proposition
          </Link>
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label="Filtrer les propositions et le registre">
        <FilterSelect id="statut" name="statut" label="Statut des propositions" anyLabel="Tous les statuts" value={filters.status} options={governanceStatuses.map((s) => ({ value: s, label: statusLabels[s] }))} />
        <FilterSelect id="thematique" name="thematique" label="Thématique" anyLabel="Toutes les thématiques" value={filters.topic} options={topics.map((t) => ({ value: t.slug, label: t.name }))} />
        <FilterSelect id="annee" name="annee" label="Année des décisions" anyLabel="Toutes les années" value={filters.year ? String(filters.year) : null} options={years.map((y) => ({ value: String(y), label: String(y) }))} />
        <button type="submit" className="button button--secondary">
          Filtrer
        </button>
      </Form>
      <section aria-labelledby="propositions-titre">
        <h2 id="propositions-titre">Propositions{filters.status ? ` : ${statusLabels[filters.status].toLowerCase()}` : ""}</h2>
        <ThreadList threads={proposals} now={now} />
        {nextCursor ? (
          <p>
            <Link to={`${registerSearch(filters) || "?"}${registerSearch(filters) ? "&" : ""}apres=${encodeURIComponent(nextCursor)}`}>Propositions plus anciennes</Link>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="registre-titre">
        <h2 id="registre-titre">Registre des décisions</h2>
        <p>
          <a href={csv} download>
            Exporter le registre (CSV)
          </a>{" "}
          · <a href={feedPaths.register}>Suivre le registre (flux Atom)</a>
        </p>
        {register.length === 0 ? (
          <p>Aucune décision ne correspond.</p>
        ) : (
          <table className="register">
            <caption className="visually-hidden">Décisions, les plus récentes d'abord</caption>
            <thead>
              <tr>
                <th scope="col">N°</th>
                <th scope="col">Date</th>
                <th scope="col">Proposition</th>
                <th scope="col">Décision</th>
                <th scope="col">Instance</th>
                <th scope="col">Texte</th>
              </tr>
            </thead>
            <tbody>
              {register.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={`/gouvernance/decisions/${d.id}`}>
                      <span className="visually-hidden">Décision n° </span>
                      {d.id}
                    </Link>
                  </td>
                  <td>
                    <time dateTime={d.decidedOn}>{formatDate(`${d.decidedOn}T12:00:00Z`)}</time>
                  </td>
                  <td>
                    <Link to={threadPath({ id: d.threadId, slug: d.threadSlug })}>{d.threadTitle}</Link>
                    {d.topics.length > 0 ? <span className="muted"> ({d.topics.join(", ")})</span> : null}
                  </td>
                  <td>
                    <StatusBadge status={d.outcome} />
                  </td>
                  <td>{d.decidingBody}</td>
                  <td>{d.versionId ? <Link to={`/gouvernance/versions/${d.versionId}`}>Version {d.versionNumber}</Link> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
