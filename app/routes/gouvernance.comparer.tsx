import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { ArticleDiff } from "~/components/governance/article-diff";
import { ProposalBreadcrumb, referenceTextLink } from "~/components/governance/proposal-breadcrumb";
import { getReadDb } from "~/db.server";
import { requireReadableProposal } from "~/governance/access.server";
import { compareVersions } from "~/governance/versions.server";
import { parseId } from "~/lib/ids";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Versions ${data.before.number} et ${data.after.number} · ${data.thread.title} · OpenENT Échanges` : "OpenENT Échanges" },
];

/** `/gouvernance/comparer?de=<version>&a=<version>`: two versions of one proposal, by article (404 across proposals). */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const first = parseId(url.searchParams.get("de"));
  const second = parseId(url.searchParams.get("a"));
  const db = await getReadDb(request);
  const comparison = first && second ? await compareVersions(db, first, second) : null;
  if (!comparison) throw new Response("Ces versions n'existent pas ou n'appartiennent pas à la même proposition.", { status: 404 });
  const thread = await requireReadableProposal(db, request, await getUser(request), comparison.threadId);
  return {
    thread: { id: thread.id, slug: thread.slug, title: thread.title },
    before: { id: comparison.before.id, number: comparison.before.number, comment: comparison.before.comment },
    after: { id: comparison.after.id, number: comparison.after.number, comment: comparison.after.comment },
    changes: comparison.changes,
    showUnchanged: url.searchParams.get("tout") === "1",
  };
}

export default function CompareVersions() {
  const { thread, before, after, changes, showUnchanged } = useLoaderData<typeof loader>();
  const counts = { changed: 0, added: 0, removed: 0 };
  for (const c of changes) if (c.kind !== "same") counts[c.kind] += 1;
  return (
    <>
      <ProposalBreadcrumb thread={thread} trail={[referenceTextLink(thread.id)]} current="Comparaison" />
      <h1>
        De la <Link to={`/gouvernance/versions/${before.id}`}>version {before.number}</Link> à la{" "}
        <Link to={`/gouvernance/versions/${after.id}`}>version {after.number}</Link>
      </h1>
      <p>
        {counts.changed} article{counts.changed > 1 ? "s" : ""} modifié{counts.changed > 1 ? "s" : ""}, {counts.added} ajouté{counts.added > 1 ? "s" : ""},{" "}
        {counts.removed} supprimé{counts.removed > 1 ? "s" : ""}. Dans le texte, <ins>les mots ajoutés</ins> et <del>les mots supprimés</del> sont signalés.
      </p>
      <p>
        {showUnchanged ? (
          <Link to={`?de=${before.id}&a=${after.id}`}>Ne montrer que les articles qui changent</Link>
        ) : (
          <Link to={`?de=${before.id}&a=${after.id}&tout=1`}>Montrer aussi les articles inchangés</Link>
        )}
      </p>
      <ArticleDiff changes={changes} beforeNumber={before.number} afterNumber={after.number} showUnchanged={showUnchanged} />
    </>
  );
}
