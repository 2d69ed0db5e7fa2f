import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { MergeConfirmation, MergeForm } from "~/components/moderation/thread-move-forms";
import type { FieldErrors } from "~/components/form";
import { getDb } from "~/db.server";
import { threadPath } from "~/forum/slug";
import { requireReadableThread } from "~/forum/thread-page.server";
import { textField } from "~/lib/form-data";
import { requireModerator } from "~/moderation/guard.server";
import { parseVersion } from "~/moderation/moderation-form";
import { parseMergeForm } from "~/moderation/thread-move-form";
import { threadVersion } from "~/moderation/thread-move-pages.server";
import { mergeThread } from "~/moderation/thread-moves.server";

/** "Fusionner ce fil dans…" (moderators): name the target thread, confirm. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Fusionner « ${data.thread.title} » · OpenENT Échanges` : "OpenENT Échanges" }];

async function load(request: Request, ref: string | undefined) {
  const user = await requireModerator(request, "thread.merge", "thread.merge");
  const db = await getDb();
  const thread = await requireReadableThread(db, request, user, ref);
  return { user, db, thread };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, thread } = await load(request, params.ref);
  return { thread: { id: thread.id, slug: thread.slug, title: thread.title }, version: await threadVersion(db, thread.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, thread } = await load(request, params.ref);
  const form = await request.formData();
  const target = textField(form, "target");
  const confirmed = textField(form, "intent") === "confirmer";
  const parsed = parseMergeForm(target);
  if (!parsed.ok) return data({ target, errors: parsed.errors as FieldErrors, plan: null }, { status: 400 });
  const versions = { source: parseVersion(textField(form, "version")), target: confirmed ? parseVersion(textField(form, "targetVersion")) : null };
  const result = await mergeThread(db, user, thread.id, parsed.threadId, versions, confirmed);
  if (!result.ok) {
    if (result.status === 403) throw new Response(result.errors.form ?? "Accès refusé", { status: 403 });
    if (result.status === 404) throw new Response(result.errors.form ?? "Fil introuvable", { status: 404 });
    return data({ target, errors: result.errors as FieldErrors, plan: null }, { status: result.status });
  }
  if (!result.done) return data({ target, errors: {} as FieldErrors, plan: result.plan });
  return redirect(threadPath(result.target));
}

export default function MergeThread() {
  const { thread, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const path = threadPath(thread);
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to={path}>{thread.title}</Link>
          </li>
          <li aria-current="page">Fusionner</li>
        </ol>
      </nav>
      <h1>Fusionner le fil « {thread.title} » dans un autre</h1>
      {actionData?.plan ? (
        <MergeConfirmation plan={actionData.plan} version={version} backTo={`${path}/fusionner`} />
      ) : (
        <>
          <p className="muted">
            Tous les messages de ce fil rejoindront le fil d'arrivée, classés par date ; ce fil disparaîtra et son adresse mènera au fil d'arrivée. Un fil de gouvernance ne
            peut être fusionné que dans un autre fil de gouvernance. Pour ne déplacer que certains messages, <Link to={`${path}/deplacer`}>déplacez-les</Link>.
          </p>
          <MergeForm version={version} target={actionData?.target ?? ""} error={actionData?.errors.target} formError={actionData?.errors.form} />
        </>
      )}
      <p>
        <Link to={path}>Retour au fil</Link>
      </p>
    </>
  );
}
