import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getUser, signInUrl } from "~/auth/guards.server";
import { DecisionFacts } from "~/components/governance/decision-details";
import { getReadDb } from "~/db.server";
import { threadPath } from "~/forum/slug";
import { findDecisionRecord } from "~/governance/register.server";
import { renderArticles } from "~/governance/versions.server";
import { parseId } from "~/lib/ids";
import { publicOrigin } from "~/lib/origin.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Décision n° ${data.decision.id} — ${data.decision.threadTitle} · OpenENT Échanges` : "OpenENT Échanges" },
];

/** The stable, citable record of a decision with its adopted text; printable (print stylesheet). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parseId(params.id);
  const db = await getReadDb(request);
  const user = await getUser(request);
  const record = id ? await findDecisionRecord(db, user, id) : null;
  if (record === "members-only") throw redirect(signInUrl(request));
  if (!record) throw new Response("Décision introuvable", { status: 404 });
  return {
    decision: record,
    articles: record.text ? renderArticles(record.text) : [],
    // Cited in minutes from the printed record: absolute, from the configured origin.
    address: `${publicOrigin()}/gouvernance/decisions/${record.id}`,
  };
}

export default function Decision() {
  const { decision, articles, address } = useLoaderData<typeof loader>();
  return (
    <article className="decision-record">
      <nav className="breadcrumb no-print" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to="/gouvernance">Gouvernance</Link>
          </li>
          <li aria-current="page">Décision n° {decision.id}</li>
        </ol>
      </nav>
      <header>
        <p className="decision-record__kicker">Registre des décisions · décision n° {decision.id}</p>
        <h1>{decision.threadTitle}</h1>
        {decision.reopened ? <p className="alert alert--error">Cette décision a été rouverte depuis : la proposition est de nouveau en discussion.</p> : null}
      </header>
      <DecisionFacts decision={decision} />
      <h2>Résumé</h2>
      <p className="decision__summary">{decision.summary}</p>
      {decision.topics.length > 0 ? <p className="muted">Thématiques : {decision.topics.join(", ")}</p> : null}
      <p className="no-print">
        <Link to={threadPath({ id: decision.threadId, slug: decision.threadSlug })}>Discussion de la proposition</Link> ·{" "}
        <a href={`/gouvernance/decisions/${decision.id}.md`} download>
          Exporter en Markdown
        </a>{" "}
        · Pour un PDF, imprimez cette page (le menu Imprimer du navigateur, puis « Enregistrer au format PDF »).
      </p>
      {articles.length > 0 ? (
        <section aria-labelledby="texte-adopte">
          <h2 id="texte-adopte">
            {decision.outcome === "adoptee" ? "Texte adopté" : "Texte soumis"} (version {decision.versionNumber})
          </h2>
          <div className="reference-text">
            {articles.map((a) => (
              <section key={a.anchor} id={a.anchor} className="reference-article" aria-label={a.label}>
                <div className="markdown" dangerouslySetInnerHTML={{ __html: a.html }} />
              </section>
            ))}
          </div>
        </section>
      ) : null}
      <p className="decision-record__address">Adresse de cette décision : {address}</p>
    </article>
  );
}
