import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { MoveConfirmation, MovePostsForm } from "~/components/moderation/thread-move-forms";
import type { FieldErrors } from "~/components/form";
import { getDb } from "~/db.server";
import { pageOfPosition } from "~/forum/pages";
import { threadPath } from "~/forum/slug";
import { requireReadableThread } from "~/forum/thread-page.server";
import { textField } from "~/lib/form-data";
import { requireModerator } from "~/moderation/guard.server";
import { parseVersion } from "~/moderation/moderation-form";
import { parseMoveForm, type MoveFormValues } from "~/moderation/thread-move-form";
import { loadMovePage } from "~/moderation/thread-move-pages.server";
import { movePosts } from "~/moderation/thread-moves.server";

/** "Déplacer des messages" (moderators): choose posts of one page of the thread, a target, confirm. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Déplacer des messages de « ${data.thread.title} » · OpenENT Échanges` : "OpenENT Échanges" }];

async function load(request: Request, ref: string | undefined) {
  const user = await requireModerator(request, "thread.split", "thread.split");
  const db = await getDb();
  const thread = await requireReadableThread(db, request, user, ref);
  return { user, db, thread };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, thread } = await load(request, params.ref);
  const pageCount = pageOfPosition(thread.replyCount + 1);
  const pageParam = new URL(request.url).searchParams.get("page") ?? "1";
  const page = /^\d{1,6}$/.test(pageParam) ? Number(pageParam) : 0;
  if (page < 1) throw new Response("Page introuvable", { status: 404 });
  if (page > pageCount) throw redirect(`${threadPath(thread)}/deplacer?page=${pageCount}`);
  const { posts, version } = await loadMovePage(db, thread.id, page);
  return { thread: { id: thread.id, slug: thread.slug, title: thread.title }, posts, version, page, pageCount };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, thread } = await load(request, params.ref);
  const form = await request.formData();
  const values: MoveFormValues = {
    mode: textField(form, "mode"),
    target: textField(form, "target"),
    title: textField(form, "title"),
    postIds: form.getAll("postIds").filter((v): v is string => typeof v === "string"),
  };
  const confirmed = textField(form, "intent") === "confirmer";
  const version = parseVersion(textField(form, "version"));
  const parsed = parseMoveForm(values);
  if (!parsed.ok) return data({ step: "form" as const, values, errors: parsed.errors as FieldErrors, plan: null }, { status: 400 });
  const targetVersion = confirmed && parsed.request.target.kind === "existing" ? parseVersion(textField(form, "targetVersion")) : null;
  const result = await movePosts(db, user, thread.id, parsed.request, { source: version, target: targetVersion }, confirmed);
  if (!result.ok) {
    if (result.status === 403) throw new Response(result.errors.form ?? "Accès refusé", { status: 403 });
    if (result.status === 404) throw new Response(result.errors.form ?? "Fil introuvable", { status: 404 });
    return data({ step: "form" as const, values, errors: result.errors as FieldErrors, plan: null }, { status: result.status });
  }
  if (!result.done) return data({ step: "confirm" as const, values, errors: {} as FieldErrors, plan: result.plan });
  return redirect(`${threadPath(result.target)}?page=${pageOfPosition(result.firstPosition)}#message-${result.firstPostId}`);
}

export default function MovePosts() {
  const { thread, posts, version, page, pageCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const path = threadPath(thread);
  const values = actionData?.values ?? { mode: "existant", target: "", title: "", postIds: [] };
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to={path}>{thread.title}</Link>
          </li>
          <li aria-current="page">Déplacer des messages</li>
        </ol>
      </nav>
      <h1>Déplacer des messages du fil « {thread.title} »</h1>
      {actionData?.plan ? (
        <MoveConfirmation plan={actionData.plan} version={version} values={values} backTo={`${path}/deplacer?page=${page}`} />
      ) : (
        <>
          <p className="muted">
            Choisissez les messages de cette page, puis le fil d'arrivée : un fil existant (ils y seront classés par date) ou un nouveau fil. Pour déplacer tout le fil,{" "}
            <Link to={`${path}/fusionner`}>fusionnez-le dans un autre</Link>.
          </p>
          {pageCount > 1 ? (
            <nav className="pagination" aria-label="Pages du fil">
              <ul>
                {Array.from({ length: pageCount }, (_, i) => i + 1).map((n) => (
                  <li key={n}>{n === page ? <span aria-current="page">Page {n}</span> : <Link to={`${path}/deplacer?page=${n}`}>Page {n}</Link>}</li>
                ))}
              </ul>
            </nav>
          ) : null}
          <MovePostsForm posts={posts} version={version} values={values} errors={actionData?.errors ?? {}} />
        </>
      )}
      <p>
        <Link to={path}>Retour au fil</Link>
      </p>
    </>
  );
}
