import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { ListActions, NextPageLink, ThreadFilters } from "~/components/forum/thread-filters";
import { ThreadList } from "~/components/forum/thread-list";
import { WatchControl } from "~/components/notifications/watch-control";
import { getReadDb } from "~/db.server";
import { loadThreadListPage } from "~/forum/list-page.server";
import { listQueryParams, listSearch, requireListQuery } from "~/forum/list-query";
import { cachedForVisitors } from "~/cache/page-cache";
import { resolveTopicSlug } from "~/topics/curation.server";
import { feedLinkDescriptor, feedPaths } from "~/feeds/paths";
import { watchLevelOf } from "~/notifications/watch.server";

export const handle = cachedForVisitors(listQueryParams);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.topic.name} · OpenENT Échanges` : "OpenENT Échanges" },
  ...(data ? [feedLinkDescriptor(feedPaths.topic(data.topic.slug), `Fils publics : ${data.topic.name} (Atom)`)] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getReadDb(request);
  const url = new URL(request.url);
  const found = await resolveTopicSlug(db, params.slug ?? "");
  // A renamed or merged thématique: its old address leads to where it lives now.
  if (found && "redirectTo" in found) throw redirect(`/thematiques/${found.redirectTo}${url.search}`, 301);
  if (!found) throw new Response("Thématique introuvable", { status: 404 });
  const { topic } = found;
  const query = requireListQuery(url.searchParams);
  const user = await getUser(request);
  const list = await loadThreadListPage(db, user, query, { topicId: topic.id }, request);
  const watchLevel = user && can(user, "thread.watch") ? await watchLevelOf(db, user.id, "topic", topic.id) : null;
  return { topic, list, query, canEdit: can(user, "topic.manage"), watchLevel, canMarkRead: can(user, "thread.readMembers") };
}

export default function TopicPage() {
  const { topic, list, query, canEdit, watchLevel, canMarkRead } = useLoaderData<typeof loader>();
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
      {watchLevel ? <WatchControl target="thematique" id={topic.id} level={watchLevel} /> : null}
      {canEdit ? (
        <p>
          <Link to={`/thematiques/${topic.slug}/modifier`}>Modifier ou fusionner la thématique</Link>
        </p>
      ) : null}
      <h2>Fils de la thématique</h2>
      <ThreadFilters query={query} collectivites={list.choices.collectivites} topics={list.choices.topics} hide={{ topic: true }} />
      <ListActions
        query={query}
        fixed={{ topic: topic.slug }}
        density={list.density}
        canMarkRead={canMarkRead}
        back={`/thematiques/${topic.slug}${listSearch({ ...query, cursor: null })}`}
      />
      <ThreadList threads={list.threads} now={list.now} compact={list.density === "compacte"} />
      <NextPageLink query={query} nextCursor={list.nextCursor} />
    </>
  );
}
