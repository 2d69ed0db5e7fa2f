import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { ProposalBreadcrumb } from "~/components/governance/proposal-breadcrumb";
import { getReadDb } from "~/db.server";
import { pageOfPosition } from "~/forum/pages";
import { threadPath } from "~/forum/slug";
import { requireReadableVersion } from "~/governance/access.server";
import { commentsOnArticle } from "~/governance/article-comments.server";
import { articleAnchor, articleLabel } from "~/governance/articles";
import { parseId } from "~/lib/ids";
import { hasNulCharacter } from "~/lib/text-rules";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Commentaires sur l'${data.label.toLowerCase()} · OpenENT Échanges` : "OpenENT Échanges" },
];

/** The replies that comment on one article of a version, each linked in its thread. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const article = params.article ?? "";
  const db = await getReadDb(request);
  // An article number is short, one-line text; a NUL could never be stored (PostgreSQL refuses it).
  const id = article.length <= 20 && !hasNulCharacter(article) ? parseId(params.id) : null;
  const { version, thread } = await requireReadableVersion(db, request, await getUser(request), id);
  const comments = await commentsOnArticle(db, version.id, article);
  return {
    thread: { id: thread.id, slug: thread.slug, title: thread.title },
    version: { id: version.id, number: version.number },
    label: articleLabel(article),
    anchor: articleAnchor(article),
    comments: comments.map((c) => ({ id: c.id, position: c.position, page: pageOfPosition(c.position) })),
  };
}

export default function ArticleComments() {
  const { thread, version, label, anchor, comments } = useLoaderData<typeof loader>();
  const path = threadPath(thread);
  return (
    <>
      <ProposalBreadcrumb thread={thread} trail={[{ to: `/gouvernance/versions/${version.id}#${anchor}`, label: `Version ${version.number}` }]} current="Commentaires" />
      <h1>
        Commentaires sur l'{label.toLowerCase()} (version {version.number})
      </h1>
      {comments.length === 0 ? (
        <p>Aucun commentaire sur cet article.</p>
      ) : (
        <ul>
          {comments.map((c) => (
            <li key={c.id}>
              <Link to={`${path}?page=${c.page}#message-${c.id}`}>Message n° {c.position} du fil</Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
