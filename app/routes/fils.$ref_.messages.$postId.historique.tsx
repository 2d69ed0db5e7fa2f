import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { SelectField } from "~/components/form";
import { getDb } from "~/db.server";
import { wordDiff } from "~/forum/diff";
import { locatePost } from "~/forum/posts.server";
import { listRevisions } from "~/forum/revisions.server";
import { pageOfPosition } from "~/forum/pages";
import { threadPath } from "~/forum/slug";
import { requireReadableThread } from "~/forum/thread-page.server";
import { formatDateTime } from "~/lib/dates";
import { parseId } from "~/lib/ids";

export const meta: MetaFunction = () => [{ title: "Historique d'un message · OpenENT Échanges" }];

/** Anyone who can read the thread can see every version of a post and what changed between two. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const thread = await requireReadableThread(db, request, await getUser(request), params.ref);
  const postId = parseId(params.postId);
  const location = postId ? await locatePost(db, postId) : undefined;
  if (!location || location.threadId !== thread.id) throw new Response("Message introuvable", { status: 404 });
  const versions = await listRevisions(db, location.id);
  if (!versions) throw new Response("Message introuvable", { status: 404 });
  const url = new URL(request.url);
  const latest = versions.at(-1)!.version;
  const pick = (name: string, fallback: number) => {
    const value = Number(url.searchParams.get(name));
    return versions.some((v) => v.version === value) ? value : fallback;
  };
  const to = pick("a", latest);
  const from = pick("de", Math.max(1, to - 1));
  const before = versions.find((v) => v.version === from)!;
  const after = versions.find((v) => v.version === to)!;
  return {
    thread: { id: thread.id, slug: thread.slug, title: thread.title },
    post: { id: location.id, position: location.position },
    versions: versions.map(({ version, editorName, savedAt, current }) => ({ version, editorName, savedAt, current })),
    from,
    to,
    diff: wordDiff(before.markdown, after.markdown),
  };
}

export default function PostHistory() {
  const { thread, post, versions, from, to, diff } = useLoaderData<typeof loader>();
  const path = threadPath(thread);
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to={`${path}?page=${pageOfPosition(post.position)}#message-${post.id}`}>{thread.title}</Link>
          </li>
          <li aria-current="page">Historique du message</li>
        </ol>
      </nav>
      <h1>Historique du message</h1>
      <ol className="revisions">
        {versions.map((v) => (
          <li key={v.version}>
            Version {v.version} — {v.editorName}, {formatDateTime(v.savedAt)}
            {v.current ? " (actuelle)" : ""}
          </li>
        ))}
      </ol>
      {versions.length > 1 ? (
        <Form method="get" className="filters" aria-label="Choisir les versions à comparer">
          {(
            [
              ["de", "Comparer la version", from],
              ["a", "avec la version", to],
            ] as const
          ).map(([name, label, selected]) => (
            <SelectField key={name} id={name} name={name} label={label} defaultValue={selected}>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </SelectField>
          ))}
          <button type="submit" className="button">
            Comparer
          </button>
        </Form>
      ) : (
        <p>Ce message n'a jamais été modifié.</p>
      )}
      <h2>
        Différences entre la version {from} et la version {to}
      </h2>
      <p className="muted">
        <del>Texte retiré</del> · <ins>texte ajouté</ins>
      </p>
      <pre className="diff" data-testid="diff">
        {diff.map((segment, i) =>
          segment.kind === "added" ? (
            <ins key={i}>{segment.text}</ins>
          ) : segment.kind === "removed" ? (
            <del key={i}>{segment.text}</del>
          ) : (
            <span key={i}>{segment.text}</span>
          ),
        )}
      </pre>
    </>
  );
}
