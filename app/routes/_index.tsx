import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { ListActions, NextPageLink, ThreadFilters } from "~/components/forum/thread-filters";
import { ThreadList } from "~/components/forum/thread-list";
import { FeaturedThreads } from "~/components/moderation/featured-threads";
import { getReadDb } from "~/db.server";
import { loadThreadListPage } from "~/forum/list-page.server";
import { listQueryParams, listSearch, requireListQuery } from "~/forum/list-query";
import { cachedForVisitors } from "~/cache/page-cache";
import { feedLinkDescriptor, feedPaths } from "~/feeds/paths";

export const handle = cachedForVisitors(listQueryParams);

export const meta: MetaFunction = () => [
  { title: "Fils · OpenENT Échanges" },
  { name: "description", content: "L'espace d'échange des collectivités qui partagent la solution OpenENT." },
  feedLinkDescriptor(feedPaths.latest, "Derniers fils (Atom)"),
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const query = requireListQuery(new URL(request.url).searchParams);
  const page = await loadThreadListPage(await getReadDb(request), user, query, {}, request);
  return { ...page, query, signedIn: user !== null, canCreate: can(user, "thread.create"), canMarkRead: can(user, "thread.readMembers") };
}

export default function Home() {
  const { threads, featured, nextCursor, choices, now, query, signedIn, canCreate, density, canMarkRead } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>Fils d'échange</h1>
        {canCreate ? (
          <Link to="/fils/nouveau" className="button">
            Nouveau fil
          </Link>
        ) : null}
      </div>
      {/* The compact density keeps the list above the fold: the introduction gives way. */}
      <p className={density === "compacte" ? "lead visually-hidden" : "lead"}>
        Régions, départements et communes partagent une même solution libre d'espace numérique de travail pour leurs
        collèges et lycées. Ici, leurs représentants partagent leurs retours d'expérience, retrouvent ce qui a déjà
        été dit et construisent ensemble la gouvernance du projet. Voir aussi le{" "}
        <Link to="/collectivites">tableau des ENT</Link> et les <Link to="/thematiques">thématiques</Link>.
      </p>
      {signedIn ? null : (
        <p className="muted">
          Vous voyez les fils ouverts au public. <Link to="/connexion">Connectez-vous</Link> pour lire tous les échanges
          des membres.
        </p>
      )}
      <FeaturedThreads threads={featured} />
      <ThreadFilters query={query} collectivites={choices.collectivites} topics={choices.topics} />
      <ListActions query={query} density={density} canMarkRead={canMarkRead} back={`/${listSearch({ ...query, cursor: null })}`} />
      <h2 className="visually-hidden">Fils</h2>
      <ThreadList threads={threads} now={now} compact={density === "compacte"} />
      <NextPageLink query={query} nextCursor={nextCursor} />
    </>
  );
}
