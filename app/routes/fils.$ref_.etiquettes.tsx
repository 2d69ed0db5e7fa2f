import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { requireUser } from "~/auth/guards.server";
import { listCollectiviteChoices } from "~/collectivites/collectivites.server";
import { CheckboxGroup } from "~/components/forum/checkbox-group";
import { FormAlert, InputField, SelectField, type FieldErrors } from "~/components/form";
import { getDb } from "~/db.server";
import { kindLabels, threadKinds, TITLE_MAX, TITLE_MIN } from "~/forum/kinds";
import { threadPath } from "~/forum/slug";
import { requireReadableThread } from "~/forum/thread-page.server";
import { textField } from "~/lib/form-data";
import { parseVersion } from "~/moderation/moderation-form";
import { retagRights, retagThread, threadRetagState } from "~/moderation/thread-retag.server";
import { allowedOrJournaled } from "~/moderation/refusal.server";
import { listTopics } from "~/topics/topics.server";

export const meta: MetaFunction = () => [{ title: "Titre, type et étiquettes du fil · OpenENT Échanges" }];

/** Moderators: title, kind and tags of any thread; the author: the tags of their own thread. Others: 403. */
async function load(request: Request, ref: string | undefined) {
  const user = await requireUser(request);
  const db = await getDb();
  const thread = await requireReadableThread(db, request, user, ref);
  const rights = retagRights(user, thread.authorId);
  if (!rights.retag) {
    if (request.method !== "GET") await allowedOrJournaled(db, user, "thread.curate", { act: "thread.retag", target: { threadId: thread.id } });
    throw new Response("Seuls l'auteur du fil et les modérateurs peuvent changer ses étiquettes.", { status: 403 });
  }
  return { user, db, thread, rights };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, thread, rights } = await load(request, params.ref);
  const [collectivites, topics, state] = await Promise.all([listCollectiviteChoices(db), listTopics(db), threadRetagState(db, thread.id)]);
  return { thread: { id: thread.id, slug: thread.slug, title: thread.title, kind: thread.kind }, curate: rights.curate, collectivites, topics, state };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, thread, rights } = await load(request, params.ref);
  const form = await request.formData();
  const values = {
    title: rights.curate ? textField(form, "title") : undefined,
    kind: rights.curate ? textField(form, "kind") : undefined,
    collectiviteIds: form.getAll("collectiviteIds").filter((v): v is string => typeof v === "string"),
    topicIds: form.getAll("topicIds").filter((v): v is string => typeof v === "string"),
  };
  const version = parseVersion(textField(form, "version"));
  const result = await retagThread(db, user, thread.id, { ...values, version });
  if (result.ok) return redirect(`${threadPath({ id: thread.id, slug: result.slug })}?etiquettes=${result.changed ? "1" : "0"}`);
  if (result.status === 403) throw new Response(result.errors.form ?? "Accès refusé", { status: 403 });
  return data({ values, errors: result.errors as FieldErrors }, { status: result.status });
}

export default function RetagThread() {
  const { thread, curate, collectivites, topics, state } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors = actionData?.errors ?? {};
  const values = actionData?.values ?? { title: thread.title, kind: thread.kind, ...state };
  const path = threadPath(thread);
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to={path}>{thread.title}</Link>
          </li>
          <li aria-current="page">{curate ? "Titre, type et étiquettes" : "Étiquettes"}</li>
        </ol>
      </nav>
      <h1>{curate ? "Titre, type et étiquettes du fil" : "Étiquettes du fil"}</h1>
      <p className="muted">
        {curate
          ? "Un nouveau titre donne une nouvelle adresse ; l'ancienne continue de mener au fil. Le changement est consigné au journal."
          : "Vous pouvez changer les collectivités et les thématiques de votre fil ; le changement est consigné au journal."}
      </p>
      <Form method="post" className="stack-form" noValidate>
        <input type="hidden" name="version" value={state.version} />
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        {curate ? (
          <>
            <InputField id="title" name="title" label="Titre" hint={`Entre ${TITLE_MIN} et ${TITLE_MAX} caractères.`} maxLength={TITLE_MAX} defaultValue={values.title ?? thread.title} error={errors.title} />
            <SelectField id="kind" name="kind" label="Type de fil" defaultValue={values.kind ?? thread.kind} error={errors.kind}>
              {threadKinds.map((k) => (
                <option key={k} value={k}>
                  {kindLabels[k]}
                </option>
              ))}
            </SelectField>
          </>
        ) : null}
        <CheckboxGroup legend="Collectivités concernées" name="collectiviteIds" options={collectivites} checked={values.collectiviteIds} error={errors.collectiviteIds} />
        <CheckboxGroup legend="Thématiques" name="topicIds" options={topics} checked={values.topicIds} error={errors.topicIds} />
        <div className="form-actions">
          <button type="submit" className="button">
            Enregistrer
          </button>
          <Link to={path}>Annuler</Link>
        </div>
      </Form>
    </>
  );
}
