import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { can, roleLabels } from "~/auth/permissions";
import { getDb } from "~/db.server";
import { formatDate, isoDateTime } from "~/lib/dates";
import { findPublicProfile } from "~/members/members.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.displayName} · OpenENT Échanges` : "OpenENT Échanges" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "thread.readMembers");
  const id = params.id ?? "";
  const profile = /^\d{1,9}$/.test(id) ? await findPublicProfile(await getDb(), Number(id)) : undefined;
  if (!profile) throw new Response("Membre introuvable", { status: 404 });
  return { profile, canManage: can(viewer, "user.manage"), self: viewer.id === profile.id };
}

export default function MemberProfile() {
  const { profile, canManage, self } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{profile.displayName}</h1>
      {profile.status === "suspended" ? (
        <p>
          <span className="tag tag--suspended">Compte suspendu</span>
        </p>
      ) : null}
      <dl className="profile">
        <dt>Pour le mentionner</dt>
        <dd>
          <code>@{profile.handle}</code>
        </dd>
        <dt>Rôle</dt>
        <dd>{roleLabels[profile.role]}</dd>
        <dt>Collectivité</dt>
        <dd>
          {profile.collectivite ? (
            <Link to={`/collectivites/${profile.collectivite.slug}`}>{profile.collectivite.name}</Link>
          ) : (
            <span className="muted">Aucune</span>
          )}
        </dd>
        <dt>Membre depuis</dt>
        <dd>
          le <time dateTime={isoDateTime(profile.createdAt)}>{formatDate(profile.createdAt)}</time>
        </dd>
      </dl>
      {self ? (
        <p>
          <Link to="/compte">Modifier mon compte</Link>
        </p>
      ) : canManage ? (
        <p>
          <Link to={`/admin/membres?q=${encodeURIComponent(profile.displayName)}#membre-${profile.id}`}>Gérer ce membre</Link>
        </p>
      ) : null}
    </>
  );
}
