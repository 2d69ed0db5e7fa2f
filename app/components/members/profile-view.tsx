import { Link } from "@remix-run/react";

import type { Role, ThreadKind, UserStatus } from "../../../db/schema";
import { roleLabels } from "../../auth/permissions";
import { kindLabels } from "../../forum/kinds";
import { threadPath } from "../../forum/slug";
import { formatDate, isoDateTime } from "../../lib/dates";
import { formatPartialDate, formatNumber } from "../../lib/format";

export interface ProfileViewData {
  id: number;
  displayName: string;
  role: Role;
  collectivite: { name: string; slug: string } | null;
  full: boolean;
  handle: string | null;
  status: UserStatus;
  createdAt: string | Date | null;
  lastSeenOn: string | null;
  bioHtml: string | null;
  threadCount: number;
  replyCount: number;
  usefulReceived: number;
}

export function ProfileFacts({ profile }: { profile: ProfileViewData }) {
  return (
    <dl className="profile">
      {profile.handle ? (
        <>
          <dt>Pour le mentionner</dt>
          <dd>
            <code>@{profile.handle}</code>
          </dd>
        </>
      ) : null}
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
      {profile.createdAt ? (
        <>
          <dt>Membre depuis</dt>
          <dd>
            le <time dateTime={isoDateTime(profile.createdAt)}>{formatDate(profile.createdAt)}</time>
          </dd>
        </>
      ) : null}
      {profile.full ? (
        <>
          <dt>Dernière visite</dt>
          <dd>
            {profile.lastSeenOn ? (
              <>
                le <time dateTime={profile.lastSeenOn}>{formatPartialDate(profile.lastSeenOn)}</time>
              </>
            ) : (
              <span className="muted">Jamais connecté</span>
            )}
          </dd>
          <dt>Fils ouverts</dt>
          <dd>{formatNumber(profile.threadCount)}</dd>
          <dt>Réponses</dt>
          <dd>{formatNumber(profile.replyCount)}</dd>
          <dt>Marques « utile » reçues</dt>
          <dd>{formatNumber(profile.usefulReceived)}</dd>
          {/* Accepted answers (issue 14, item 1) take their place here once they exist. */}
        </>
      ) : null}
    </dl>
  );
}

export interface ProfileThreadView {
  id: number;
  slug: string;
  title: string;
  kind: ThreadKind;
  createdAt: string | Date;
  replyCount: number;
}

export interface ProfileReplyView {
  id: number;
  position: number;
  createdAt: string | Date;
  threadSlug: string;
  threadId: number;
  threadTitle: string;
  excerpt: string;
}

export function ProfileThreads({ threads, olderHref }: { threads: ProfileThreadView[]; olderHref: string | null }) {
  if (threads.length === 0) return <p className="muted">Aucun fil à afficher.</p>;
  return (
    <>
      <ul className="profile-list">
        {threads.map((t) => (
          <li key={t.id}>
            <span className={`kind kind--${t.kind}`}>{kindLabels[t.kind]}</span> <Link to={threadPath(t)}>{t.title}</Link>{" "}
            <span className="muted">
              · le <time dateTime={isoDateTime(t.createdAt)}>{formatDate(t.createdAt)}</time> · {t.replyCount} réponse{t.replyCount > 1 ? "s" : ""}
            </span>
          </li>
        ))}
      </ul>
      {olderHref ? (
        <p>
          <Link to={olderHref}>Fils plus anciens</Link>
        </p>
      ) : null}
    </>
  );
}

export function ProfileReplies({ replies, olderHref }: { replies: ProfileReplyView[]; olderHref: string | null }) {
  if (replies.length === 0) return <p className="muted">Aucune réponse à afficher.</p>;
  return (
    <>
      <ul className="profile-list">
        {replies.map((r) => (
          <li key={r.id}>
            <Link to={`/messages/${r.id}`}>{r.threadTitle}</Link>{" "}
            <span className="muted">
              · le <time dateTime={isoDateTime(r.createdAt)}>{formatDate(r.createdAt)}</time>
            </span>
            <br />
            <span className="profile-list__excerpt">{r.excerpt}</span>
          </li>
        ))}
      </ul>
      {olderHref ? (
        <p>
          <Link to={olderHref}>Réponses plus anciennes</Link>
        </p>
      ) : null}
    </>
  );
}
