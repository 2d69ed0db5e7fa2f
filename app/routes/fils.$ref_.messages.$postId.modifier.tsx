import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { FormAlert, InputField, type FieldErrors } from "~/components/form";
import { PostEditor } from "~/components/forum/post-editor";
import { getDb } from "~/db.server";
import { TITLE_MAX, TITLE_MIN } from "~/forum/kinds";
import { editPost, findEditablePost } from "~/forum/posts.server";
import { pageOfPosition } from "~/forum/pages";
import { renderPreview } from "~/forum/render-post.server";
import { threadPath } from "~/forum/slug";
import { requireReadableThread } from "~/forum/thread-page.server";
import { textField } from "~/lib/form-data";
import { parseId } from "~/lib/ids";
import { skipRevalidationAfterPreview } from "~/forum/preview-revalidation";


export const shouldRevalidate = skipRevalidationAfterPreview;

export const meta: MetaFunction = () => [{ title: "Modifier un message · OpenENT Échanges" }];

async function load(request: Request, params: { ref?: string; postId?: string }) {
  const user = await requirePermission(request, "post.editOwn");
  const db = await getDb();
  const thread = await requireReadableThread(db, request, user, params.ref);
  const postId = parseId(params.postId);
  const post = postId ? await findEditablePost(db, user, postId) : null;
  if (!post || post.threadId !== thread.id) throw new Response("Ce message n'existe pas ou ne vous appartient pas.", { status: 404 });
  return { user, db, thread, post };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { thread, post } = await load(request, params);
  return { thread: { id: thread.id, slug: thread.slug, title: thread.title }, post };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, thread, post } = await load(request, params);
  const form = await request.formData();
  const values = { body: textField(form, "body"), title: post.position === 1 ? textField(form, "title") : undefined };
  const baseVersion = Number(textField(form, "version"));
  if (textField(form, "intent") === "preview") {
    return data({ values, baseVersion, errors: {} as FieldErrors, conflict: null, preview: await renderPreview(db, values.body) });
  }
  const result = await editPost(db, user, post.id, { body: values.body, title: values.title, baseVersion });
  if (result.ok) {
    const path = threadPath({ id: thread.id, slug: result.slug ?? thread.slug });
    return redirect(`${path}?page=${pageOfPosition(post.position)}#message-${post.id}`);
  }
  if (result.status === 409) {
    // Someone saved meanwhile: show both texts, and base the next save on the current version.
    return data({ values, baseVersion: result.conflict.version, errors: {} as FieldErrors, conflict: result.conflict.markdown, preview: null }, { status: 409 });
  }
  return data({ values, baseVersion, errors: result.errors, conflict: null, preview: null }, { status: result.status });
}

export default function EditPost() {
  const { thread, post } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors = actionData?.errors ?? {};
  const values = actionData?.values ?? { body: post.markdown, title: post.title ?? undefined };
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
      <h1>Modifier votre message</h1>
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
        <PostEditor id="body" label="Message" defaultValue={values.body} error={errors.body} draftKey={`modifier-${post.id}`} serverPreview={actionData?.preview} />
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="button">
            Enregistrer
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
