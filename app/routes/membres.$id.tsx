import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getUser, signInUrl } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { ProfileFacts, ProfileReplies, ProfileThreads } from "~/components/members/profile-view";
import { getReadDb } from "~/db.server";
import { findMemberProfile, listMemberReplies, listMemberThreads } from "~/members/profile.server";
import { listAcceptedAnswers } from "~/members/accepted-answers.server";
import { threadPath } from "~/forum/slug";
import { formatDate, isoDateTime } from "~/lib/dates";
import { plural } from "~/lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.displayName} · OpenENT Échanges` : "OpenENT Échanges" },
];

/**
 * `/membres/:id`: the full profile for members; for visitors, the minimal profile of a member who
 * made it public, otherwise the sign-in page (whether the member exists or not).
 * `?fils=` and `?reponses=` are the keyset cursors of the two listings.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getUser(request);
  const id = /^\d{1,9}$/.test(params.id ?? "") ? Number(params.id) : 0;
  const db = await getReadDb(request);
  const profile = id ? await findMemberProfile(db, viewer, id) : undefined;
  if (!profile) {
    if (!can(viewer, "member.profile")) throw redirect(signInUrl(request));
    throw new Response("Membre introuvable", { status: 404 });
  }
  const url = new URL(request.url);
  const [threads, replies, accepted] = await Promise.all([
    listMemberThreads(db, viewer, profile.id, url.searchParams.get("fils")),
    listMemberReplies(db, viewer, profile.id, url.searchParams.get("reponses")),
    listAcceptedAnswers(db, viewer, profile.id),
  ]);
  const olderHref = (name: string, cursor: string | null) => {
    if (!cursor) return null;
    const next = new URLSearchParams(url.searchParams);
    next.set(name, cursor);
    return `/membres/${profile.id}?${next.toString()}`;
  };
  return {
    profile,
    accepted,
    threads: threads.threads,
    olderThreads: olderHref("fils", threads.nextCursor),
    replies: replies.replies,
    olderReplies: olderHref("reponses", replies.nextCursor),
    canManage: can(viewer, "user.manage"),
    canDiscipline: can(viewer, "member.warn"),
    self: viewer?.id === profile.id,
  };
}

export default function MemberProfile() {
  const { profile, accepted, threads, olderThreads, replies, olderReplies, canManage, canDiscipline, self } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{profile.displayName}</h1>
      {profile.status === "suspended" ? (
        <p>
          <span className="tag tag--suspended">Compte suspendu</span>
        </p>
      ) : null}
      <ProfileFacts profile={profile} />
      {profile.bioHtml ? (
        <section aria-labelledby="profil-presentation">
          <h2 id="profil-presentation">Présentation</h2>
          <div className="post-body" dangerouslySetInnerHTML={{ __html: profile.bioHtml }} />
        </section>
      ) : null}
      {self ? (
        <p>
          <Link to="/compte">Modifier mon compte et ma présentation</Link>
        </p>
      ) : canManage || canDiscipline ? (
        <p className="form-actions">
          {canManage ? <Link to={`/admin/membres?q=${encodeURIComponent(profile.displayName)}#membre-${profile.id}`}>Gérer ce membre</Link> : null}
          {canDiscipline ? <Link to={`/membres/${profile.id}/moderation`}>Avertir ou suspendre</Link> : null}
        </p>
      ) : null}
      <section aria-labelledby="profil-fils">
        <h2 id="profil-fils">{profile.full ? "Fils ouverts" : "Fils publics ouverts"}</h2>
        <ProfileThreads threads={threads} olderHref={olderThreads} />
      </section>
      {profile.full ? (
        <section aria-labelledby="profil-acceptees">
          <h2 id="profil-acceptees">Réponses acceptées</h2>
          <p data-accepted-count={accepted.count}>
            {accepted.count === 0
              ? "Aucune réponse acceptée pour le moment."
              : `${plural(accepted.count, "réponse acceptée", "réponses acceptées")} comme solution d'une question.`}
          </p>
          {accepted.answers.length > 0 ? (
            <ul className="profile-list">
              {accepted.answers.map((a) => (
                <li key={a.postId}>
                  <Link to={`/messages/${a.postId}`} dir="auto">
                    {a.threadTitle}
                  </Link>{" "}
                  <span className="muted">
                    · <time dateTime={isoDateTime(a.createdAt)}>{formatDate(a.createdAt)}</time> ·{" "}
                    <Link to={threadPath({ id: a.threadId, slug: a.threadSlug })}>
                      le fil<span className="visually-hidden"> « {a.threadTitle} »</span>
                    </Link>
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {profile.full ? (
        <section aria-labelledby="profil-reponses">
          <h2 id="profil-reponses">Réponses</h2>
          <ProfileReplies replies={replies} olderHref={olderReplies} />
        </section>
      ) : null}
    </>
  );
}
