import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { ThreadModerationForms } from "~/components/moderation/thread-moderation-forms";
import { getDb } from "~/db.server";
import { parseThreadRef, threadPath } from "~/forum/slug";
import { textField } from "~/lib/form-data";
import { requireModerator } from "~/moderation/guard.server";
import { isThreadIntent, parseThreadAct, parseVersion } from "~/moderation/moderation-form";
import { changeThreadVisibility, curateThread, findThreadCuration } from "~/moderation/thread-curation.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Modérer « ${data.thread.title} » · OpenENT Échanges` : "OpenENT Échanges" },
];

async function findThread(ref: string | undefined) {
  const parsed = parseThreadRef(ref);
  const db = await getDb();
  const thread = parsed ? await findThreadCuration(db, parsed.id) : null;
  if (!thread) throw new Response("Fil introuvable", { status: 404 });
  return { db, thread };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "thread.curate");
  const { thread } = await findThread(params.ref);
  return { thread, today: new Date().toISOString().slice(0, 10) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = textField(form, "intent");
  const user = await requireModerator(request, "thread.curate", `thread.${isThreadIntent(intent) ? intent : "unknown"}`);
  if (!isThreadIntent(intent)) throw new Response("Action inconnue", { status: 400 });
  const { db, thread } = await findThread(params.ref);
  const values = { reason: textField(form, "reason"), until: textField(form, "until"), scope: textField(form, "scope"), confirm: textField(form, "confirm") };
  const baseVersion = parseVersion(textField(form, "version"));
  const result =
    intent === "visibility"
      ? await changeThreadVisibility(db, user, thread.id, { visibility: textField(form, "visibility") === "public" ? "public" : "members", confirmed: values.confirm === "oui", baseVersion })
      : await (async () => {
          const parsed = parseThreadAct(intent, values, new Date());
          if (!parsed.ok) return { ok: false as const, status: 400 as const, errors: parsed.errors };
          return curateThread(db, user, thread.id, parsed.act, baseVersion);
        })();
  if (result.ok) return redirect(`${threadPath(thread)}/moderation?fait=${intent}`);
  return data({ intent, values, errors: result.errors }, { status: result.status });
}

export default function ThreadModeration() {
  const { thread, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const path = threadPath(thread);
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to={path}>{thread.title}</Link>
          </li>
          <li aria-current="page">Modération</li>
        </ol>
      </nav>
      <h1>Modérer le fil « {thread.title} »</h1>
      <ThreadModerationForms thread={thread} today={today} failed={actionData ?? null} />
      <p>
        <Link to={path}>Retour au fil</Link>
      </p>
    </>
  );
}
