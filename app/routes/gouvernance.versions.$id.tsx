import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { ArticleList } from "~/components/governance/article-list";
import { ProposalBreadcrumb, referenceTextLink } from "~/components/governance/proposal-breadcrumb";
import { getReadDb } from "~/db.server";
import { formatDateTime, isoDateTime } from "~/lib/dates";
import { threadPath } from "~/forum/slug";
import { requireReadableVersion } from "~/governance/access.server";
import { articleCommentCounts, renderArticles } from "~/governance/versions.server";
import { parseId } from "~/lib/ids";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Version ${data.version.number} · ${data.thread.title} · OpenENT Échanges` : "OpenENT Échanges" },
];

/** One version of a reference text, at a stable, citable address. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getReadDb(request);
  const user = await getUser(request);
  const { version, thread } = await requireReadableVersion(db, request, user, parseId(params.id));
  const counts = await articleCommentCounts(db, version.id);
  return {
    thread: { id: thread.id, slug: thread.slug, title: thread.title },
    version: { id: version.id, number: version.number, comment: version.comment, authorName: version.authorName, createdAt: version.createdAt },
    articles: renderArticles(version.markdown),
    counts,
    canReply: can(user, "post.reply") && !thread.locked,
  };
}

export default function Version() {
  const { thread, version, articles, counts, canReply } = useLoaderData<typeof loader>();
  const path = threadPath(thread);
  return (
    <>
      <ProposalBreadcrumb thread={thread} trail={[referenceTextLink(thread.id)]} current={`Version ${version.number}`} />
      <h1>
        {thread.title} — version {version.number}
      </h1>
      <p className="muted">
        « {version.comment} » · {version.authorName ?? "membre supprimé"}, <time dateTime={isoDateTime(version.createdAt)}>{formatDateTime(version.createdAt)}</time>
      </p>
      <ArticleList articles={articles} versionId={version.id} threadPath={path} counts={counts} canReply={canReply} />
    </>
  );
}
