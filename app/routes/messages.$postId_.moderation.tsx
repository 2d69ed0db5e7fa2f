import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { DeletePostForm, HidePostForm } from "~/components/moderation/hide-post-form";
import { getDb } from "~/db.server";
import { pageOfPosition } from "~/forum/pages";
import { threadPath } from "~/forum/slug";
import { textField } from "~/lib/form-data";
import { requireModerator } from "~/moderation/guard.server";
import { checkNote, checkReason, parsePostId, type FormErrors } from "~/moderation/moderation-form";
import { deleteAnyPost } from "~/moderation/post-deletion.server";
import { findModeratedPost, hidePost, unhidePost } from "~/moderation/post-moderation.server";

export const meta: MetaFunction = () => [{ title: "Modérer un message · OpenENT Échanges" }];

async function findPost(postIdParam: string | undefined) {
  const postId = parsePostId(postIdParam);
  const db = await getDb();
  const post = postId ? await findModeratedPost(db, postId) : null;
  if (!post || post.deleted) throw new Response("Message introuvable", { status: 404 });
  return { db, post };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "reports.handle");
  const { post } = await findPost(params.postId);
  const path = threadPath({ id: post.threadId, slug: post.threadSlug });
  return { post, back: `${path}?page=${pageOfPosition(post.position)}#message-${post.id}`, edit: `${path}/messages/${post.id}/modifier` };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const rawIntent = textField(form, "intent");
  if (rawIntent === "delete") return deleteAction(request, params, form);
  const intent = rawIntent === "unhide" ? "unhide" : "hide";
  const user = await requireModerator(request, "reports.handle", `post.${intent}`);
  const { db, post } = await findPost(params.postId);
  const values = { reason: textField(form, "reason"), deleteReason: "" };
  const errors: FormErrors = {};
  const reason = intent === "hide" ? checkReason(values.reason, errors) : checkNote(values.reason, errors, "reason");
  if (Object.keys(errors).length > 0) return data({ values, errors }, { status: 400 });
  const result = intent === "hide" ? await hidePost(db, user, post.id, reason ?? "") : await unhidePost(db, user, post.id, reason);
  if (!result.ok) return data({ values, errors: result.errors }, { status: result.status });
  return redirect(`${threadPath({ id: post.threadId, slug: post.threadSlug })}?page=${pageOfPosition(post.position)}#message-${post.id}`);
}

async function deleteAction(request: Request, params: { postId?: string }, form: FormData) {
  const user = await requireModerator(request, "post.deleteAny", "post.delete");
  const { db, post } = await findPost(params.postId);
  const values = { reason: "", deleteReason: textField(form, "deleteReason") };
  const errors: FormErrors = {};
  const reason = checkReason(values.deleteReason, errors, "deleteReason");
  if (Object.keys(errors).length > 0) return data({ values, errors }, { status: 400 });
  const result = await deleteAnyPost(db, user, post.id, reason);
  if (!result.ok) return data({ values, errors: { deleteForm: result.errors.form } }, { status: result.status });
  if (result.threadDeleted) return redirect("/");
  return redirect(`${threadPath({ id: post.threadId, slug: post.threadSlug })}?page=${pageOfPosition(post.position)}#message-${post.id}`);
}

export default function ModeratePost() {
  const { post, back, edit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Modérer un message</h1>
      <p>
        Message de {post.authorName} dans le fil « {post.threadTitle} ».
      </p>
      <blockquote className="quoted-post post-body" dangerouslySetInnerHTML={{ __html: post.html }} />
      <p>
        <Link to={edit}>Modifier le message</Link> (l'historique du message montrera votre nom)
      </p>
      <h2>{post.hiddenAt !== null ? "Réafficher le message" : "Masquer le message"}</h2>
      <HidePostForm hidden={post.hiddenAt !== null} hiddenReason={post.hiddenReason} values={actionData?.values ?? null} errors={actionData?.errors ?? {}} />
      <DeletePostForm values={actionData?.values ?? null} errors={actionData?.errors ?? {}} />
      <p>
        <Link to={back}>Retour au message</Link>
      </p>
    </>
  );
}
