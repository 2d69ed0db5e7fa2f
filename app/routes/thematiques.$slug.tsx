import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getDb } from "~/db.server";
import { findTopicBySlug } from "~/topics/topics.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.topic.name} · OpenENT Échanges` : "OpenENT Échanges" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const topic = await findTopicBySlug(await getDb(), params.slug ?? "");
  if (!topic) throw new Response("Thématique introuvable", { status: 404 });
  return { topic };
}

export default function TopicPage() {
  const { topic } = useLoaderData<typeof loader>();
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to="/thematiques">Thématiques</Link>
          </li>
          <li aria-current="page">{topic.name}</li>
        </ol>
      </nav>
      <h1>{topic.name}</h1>
      {topic.description ? <p className="lead">{topic.description}</p> : null}
    </>
  );
}
