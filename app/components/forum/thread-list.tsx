import { Link } from "@remix-run/react";

import type { GovernanceStatus, ThreadKind } from "../../../db/schema";
import { kindLabels } from "../../forum/kinds";
import { threadPath } from "../../forum/slug";
import { plural } from "../../lib/format";
import { StatusBadge } from "../governance/status-badge";
import { AuthorName } from "../members/author-name";
import { ReportCard, ReportLine, type ReportFactsView } from "./report-card";
import { RelativeTime } from "./time";

export interface ThreadListItem {
  id: number;
  slug: string;
  title: string;
  kind: ThreadKind;
  visibility: "members" | "public";
  authorId: number;
  authorName: string;
  authorPublicProfile?: boolean;
  lastActivityAt: string | Date;
  replyCount: number;
  locked: boolean;
  pinned?: boolean;
  unread: boolean;
  report: ReportFactsView | null;
  governanceStatus?: GovernanceStatus | null;
  /** A question with an accepted answer. */
  resolved?: boolean;
  usefulCount?: number;
  collectivites: { slug: string; name: string }[];
  topics: { slug: string; name: string }[];
}

/**
 * A list of threads. In the compact density (chosen on list pages) each thread holds on one line or
 * two: a report's fact card collapses to one line of text.
 */
export function ThreadList({ threads, now, compact = false }: { threads: ThreadListItem[]; now: number; compact?: boolean }) {
  if (threads.length === 0) return <p>Aucun fil ne correspond.</p>;
  return (
    <ol className={compact ? "thread-list thread-list--compact" : "thread-list"}>
      {threads.map((thread) => (
        <li key={thread.id} className={thread.unread ? "thread-item thread-item--unread" : "thread-item"}>
          <div className="thread-item__head">
            <span className={`kind kind--${thread.kind}`}>{kindLabels[thread.kind]}</span>
            {thread.governanceStatus ? <StatusBadge status={thread.governanceStatus} /> : null}
            {thread.resolved ? <span className="badge badge--resolved">Résolu</span> : null}
            {thread.pinned ? <span className="badge">Épinglé</span> : null}
            {thread.unread ? <span className="badge">Non lu</span> : null}
            {thread.locked ? <span className="badge badge--muted">Verrouillé</span> : null}
            {thread.visibility === "public" ? <span className="badge badge--muted">Public</span> : null}
          </div>
          <h3 className="thread-item__title">
            <Link to={threadPath(thread)} dir="auto">
              {thread.title}
            </Link>
            {thread.report && compact ? <ReportLine facts={thread.report} /> : null}
          </h3>
          {thread.report && !compact ? <ReportCard facts={thread.report} compact /> : null}
          {compact ? null : <TagLinks collectivites={thread.collectivites} topics={thread.topics} />}
          <p className="thread-item__meta">
            <span className="thread-item__author">
              Par <AuthorName id={thread.authorId} name={thread.authorName} publicProfile={thread.authorPublicProfile} /> ·{" "}
            </span>
            {plural(thread.replyCount, "réponse")} ·
            {thread.usefulCount ? ` ${plural(thread.usefulCount, "marque")} « utile » ·` : null} dernière activité <RelativeTime value={thread.lastActivityAt} now={now} />
          </p>
        </li>
      ))}
    </ol>
  );
}

export function TagLinks({ collectivites, topics }: { collectivites: { slug: string; name: string }[]; topics: { slug: string; name: string }[] }) {
  return (
    <ul className="tags" aria-label="Étiquettes">
      {collectivites.map((c) => (
        <li key={`c-${c.slug}`}>
          <Link className="tag" to={`/collectivites/${c.slug}`}>
            {c.name}
          </Link>
        </li>
      ))}
      {topics.map((t) => (
        <li key={`t-${t.slug}`}>
          <Link className="tag tag--topic" to={`/thematiques/${t.slug}`}>
            {t.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
