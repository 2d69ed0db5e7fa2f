import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert, InputField, TextareaField, type FieldErrors } from "~/components/form";
import { PostEditor } from "~/components/forum/post-editor";
import { getDb } from "~/db.server";
import { TITLE_MAX, TITLE_MIN } from "~/forum/kinds";
import { editPost, findEditablePost, missingPostMessage, notYoursMessage } from "~/forum/post-editing.server";
import { pageOfPosition } from "~/forum/pages";
import { renderPreview } from "~/forum/render-post.server";
import { threadPath } from "~/forum/slug";
import { requireReadableThread } from "~/forum/thread-page.server";
import { appendMarkdown } from "~/files/limits";
import { readPostForm } from "~/files/post-form.server";
import { textField } from "~/lib/form-data";
import { parseId } from "~/lib/ids";
import { skipRevalidationAfterPreview } from "~/forum/preview-revalidation";
import { checkReason, REASON_MAX, type FormErrors } from "~/moderation/moderation-form";
import { openReportIds } from "~/moderation/reports.server";

export const shouldRevalidate = skipRevalidationAfterPreview;

export const meta: MetaFunction = () => [{ title: "Modifier un message · OpenENT Échanges" }];

/**
 * The one answer for who may not edit (docs/moderation.md): 404 for a post that does not exist,
 * is deleted or belongs to another thread; 403 with a French message for a post the member can
 * read but is neither theirs nor theirs to moderate. Observateurs get 403 before anything.
 */
async function load(request: Request, params: { ref?: string; postId?: string }) {
  const user = await requirePermission(request, "post.editOwn");
  const db = await getDb();
  const thread = await requireReadableThread(db, request, user, params.ref);
  const postId = parseId(params.postId);
  const access = postId ? await findEditablePost(db, user, postId) : ({ status: "missing" } as const);
  if (access.status === "missing" || (access.status === "ok" && access.post.threadId !== thread.id)) throw new Response(missingPostMessage, { status: 404 });
  if (access.status === "forbidden") throw new Response(notYoursMessage, { status: 403 });
  return { user, db, thread, post: access.post, asModerator: access.asModerator };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, thread, post, asModerator } = await load(request, params);
  // From the reports queue: this edit resolves the post's open reports (moderators only).
  const resolving = can(user, "reports.handle") && new URL(request.url).searchParams.has("signalements");
  const reportIds = resolving ? await openReportIds(db, post.id) : [];
  return { thread: { id: thread.id, slug: thread.slug, title: thread.title }, post, asModerator, reportIds };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, thread, post } = await load(request, params);
  const { form, upload } = await readPostForm(db, request, user);
  const values = { body: textField(form, "body"), title: post.position === 1 ? textField(form, "title") : undefined, note: textField(form, "note") };
  const baseVersion = Number(textField(form, "version"));
  const resolving = textField(form, "resolve") === "1";
  const reportIds = form.getAll("reportId").filter((v): v is string => typeof v === "string" && /^\d{1,9}$/.test(v)).map(Number);
  if (upload) {
    // "Joindre le fichier" (also without JavaScript): the form again, with the file's Markdown.
    if (!upload.ok) return data({ values, baseVersion, errors: { fichier: upload.message } as FieldErrors, conflict: null, preview: null }, { status: upload.status });
    return data({ values: { ...values, body: appendMarkdown(values.body, upload.markdown) }, baseVersion, errors: {} as FieldErrors, conflict: null, preview: null });
  }
  if (textField(form, "intent") === "preview") {
    return data({ values, baseVersion, errors: {} as FieldErrors, conflict: null, preview: await renderPreview(db, values.body) });
  }
  const noteErrors: FormErrors = {};
  const note = resolving ? checkReason(values.note, noteErrors, "note") : "";
  if (Object.keys(noteErrors).length > 0) return data({ values, baseVersion, errors: noteErrors as FieldErrors, conflict: null, preview: null }, { status: 400 });
  const result = await editPost(db, user, post.id, { body: values.body, title: values.title, baseVersion, reports: resolving ? { reportIds, note } : undefined });
  if (result.ok) {
    if (resolving) return redirect("/moderation?traite=1");
    const path = threadPath({ id: thread.id, slug: result.slug ?? thread.slug });
    return redirect(`${path}?page=${pageOfPosition(post.position)}#message-${post.id}`);
  }
  if (result.status === 409 && "conflict" in result) {
    // Someone saved meanwhile: show both texts, and base the next save on the current version.
    return data({ values, baseVersion: result.conflict.version, errors: {} as FieldErrors, conflict: result.conflict.markdown, preview: null }, { status: 409 });
  }
  if (result.status === 403) throw new Response(notYoursMessage, { status: 403 });
  return data({ values, baseVersion, errors: result.errors as FieldErrors, conflict: null, preview: null }, { status: result.status });
}

export default function EditPost() {
  const { thread, post, asModerator, reportIds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors = actionData?.errors ?? {};
  const values = actionData?.values ?? { body: post.markdown, title: post.title ?? undefined, note: "" };
  const path = threadPath(thread);
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to={path}>{thread.title}</Link>
          </li>
          <li aria-current="page">Modifier le message</li>
        </ol>
      </nav>
      <h1>{asModerator ? "Modifier un message (modération)" : "Modifier votre message"}</h1>
      {asModerator ? (
        <p className="muted">
          Vous modifiez le message d'un autre membre : l'historique du message montrera votre nom, l'acte est consigné au
          journal de modération.
        </p>
      ) : null}
      {actionData?.conflict !== null && actionData?.conflict !== undefined ? (
        <section className="conflict" aria-labelledby="conflit-titre">
          <FormAlert>
            <p id="conflit-titre">
              <strong>Ce message a été modifié entre-temps</strong> (dans un autre onglet ou sur un autre appareil). Rien
              n'a été écrasé : voici la version enregistrée, et votre texte est resté dans l'éditeur. Reprenez ce qui
              doit l'être, puis enregistrez à nouveau.
            </p>
          </FormAlert>
          <h2>Version enregistrée</h2>
          <pre className="conflict__text" data-testid="conflict-current">{actionData.conflict}</pre>
        </section>
      ) : null}
      <Form method="post" className="stack-form stack-form--wide" noValidate>
        <input type="hidden" name="version" value={actionData?.baseVersion ?? post.version} />
        {post.position === 1 ? (
          <InputField id="title" name="title" label="Titre du fil" hint={`Entre ${TITLE_MIN} et ${TITLE_MAX} caractères.`} maxLength={TITLE_MAX} defaultValue={values.title ?? ""} error={errors.title} />
        ) : null}
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        <PostEditor id="body" label="Message" defaultValue={values.body} error={errors.body} fileError={errors.fichier} draftKey={`modifier-${post.id}`} serverPreview={actionData?.preview} />
        {reportIds.length > 0 ? (
          <fieldset className="stack-form">
            <legend>Traiter les signalements de ce message</legend>
            <input type="hidden" name="resolve" value="1" />
            {reportIds.map((id) => (
              <input key={id} type="hidden" name="reportId" value={id} />
            ))}
            <TextareaField
              id="note"
              name="note"
              label="Note de traitement"
              hint={`Consignée au journal avec la modification (${REASON_MAX} caractères au plus). ${reportIds.length} signalement${reportIds.length > 1 ? "s" : ""} en attente.`}
              defaultValue={values.note}
              error={errors.note}
              rows={3}
            />
          </fieldset>
        ) : null}
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="button">
            {reportIds.length > 0 ? "Enregistrer et traiter les signalements" : "Enregistrer"}
          </button>
          <button type="submit" name="intent" value="preview" className="button button--secondary">
            Prévisualiser
          </button>
          <Link to={`${path}?page=${pageOfPosition(post.position)}#message-${post.id}`}>Annuler</Link>
        </div>
      </Form>
    </>
  );
}
