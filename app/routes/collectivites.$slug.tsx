import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { findCollectiviteProfile } from "~/collectivites/profile.server";
import { ProfileList, UpdatedLine } from "~/components/collectivites/profile";
import { ListActions, NextPageLink, ThreadFilters } from "~/components/forum/thread-filters";
import { ThreadList } from "~/components/forum/thread-list";
import { WatchControl } from "~/components/notifications/watch-control";
import { getReadDb } from "~/db.server";
import { loadThreadListPage } from "~/forum/list-page.server";
import { listQueryParams, listSearch, requireListQuery } from "~/forum/list-query";
import { cachedForVisitors } from "~/cache/page-cache";
import { feedLinkDescriptor, feedPaths } from "~/feeds/paths";
import { watchLevelOf } from "~/notifications/watch.server";

export const handle = cachedForVisitors(listQueryParams);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.collectivite.name} · OpenENT Échanges` : "OpenENT Échanges" },
  ...(data ? [feedLinkDescriptor(feedPaths.collectivite(data.collectivite.slug), `Fils publics : ${data.collectivite.name} (Atom)`)] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getReadDb(request);
  const collectivite = await findCollectiviteProfile(db, params.slug ?? "");
  if (!collectivite) throw new Response("Collectivité introuvable", { status: 404 });
  const query = requireListQuery(new URL(request.url).searchParams);
  const user = await getUser(request);
  const list = await loadThreadListPage(db, user, query, { collectiviteId: collectivite.id }, request);
  const watchLevel = user && can(user, "thread.watch") ? await watchLevelOf(db, user.id, "collectivite", collectivite.id) : null;
  return { collectivite, list, query, canEdit: can(user, "collectivite.manage"), watchLevel, canMarkRead: can(user, "thread.readMembers") };
}

export default function CollectivitePage() {
  const { collectivite: c, list, query, canEdit, watchLevel, canMarkRead } = useLoaderData<typeof loader>();
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
      {watchLevel ? <WatchControl target="collectivite" id={c.id} level={watchLevel} /> : null}
      <h2>Profil de l'ENT</h2>
      <ProfileList collectivite={c} />
      <UpdatedLine collectivite={c} />
      {canEdit ? (
        <p>
          <Link to={`/collectivites/${c.slug}/modifier`}>Modifier le profil</Link>
        </p>
      ) : null}
      <h2>Fils qui concernent {c.name}</h2>
      <ThreadFilters query={query} collectivites={list.choices.collectivites} topics={list.choices.topics} hide={{ collectivite: true }} />
      <ListActions
        query={query}
        fixed={{ collectivite: c.slug }}
        density={list.density}
        canMarkRead={canMarkRead}
        back={`/collectivites/${c.slug}${listSearch({ ...query, cursor: null })}`}
      />
      <ThreadList threads={list.threads} now={list.now} compact={list.density === "compacte"} />
      <NextPageLink query={query} nextCursor={list.nextCursor} />
    </>
  );
}
