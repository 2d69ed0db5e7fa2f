import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { NextPageLink, ThreadFilters } from "~/components/forum/thread-filters";
import { ThreadList } from "~/components/forum/thread-list";
import { getDb } from "~/db.server";
import { loadThreadListPage } from "~/forum/list-page.server";
import { parseListQuery } from "~/forum/list-query";
import { findTopicBySlug } from "~/topics/topics.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.topic.name} · OpenENT Échanges` : "OpenENT Échanges" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const topic = await findTopicBySlug(db, params.slug ?? "");
  if (!topic) throw new Response("Thématique introuvable", { status: 404 });
  const query = parseListQuery(new URL(request.url).searchParams);
  const list = await loadThreadListPage(db, await getUser(request), query, { topicId: topic.id });
  return { topic, list, query };
}

export default function TopicPage() {
  const { topic, list, query } = useLoaderData<typeof loader>();
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
      <h2>Fils de la thématique</h2>
      <ThreadFilters query={query} collectivites={list.choices.collectivites} topics={list.choices.topics} hide={{ topic: true }} />
      <ThreadList threads={list.threads} now={list.now} />
      <NextPageLink query={query} nextCursor={list.nextCursor} />
    </>
  );
}
