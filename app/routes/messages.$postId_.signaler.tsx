import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { requireUser } from "~/auth/guards.server";
import { ReportForm } from "~/components/moderation/report-form";
import { getDb } from "~/db.server";
import { pageOfPosition } from "~/forum/pages";
import { threadPath } from "~/forum/slug";
import { textField } from "~/lib/form-data";
import { parsePostId, parseReportForm } from "~/moderation/moderation-form";
import { findModeratedPost } from "~/moderation/post-moderation.server";
import { reportPost } from "~/moderation/reports.server";

export const meta: MetaFunction = () => [{ title: "Signaler un message · OpenENT Échanges" }];

async function findPost(postIdParam: string | undefined) {
  const postId = parsePostId(postIdParam);
  const db = await getDb();
  const post = postId ? await findModeratedPost(db, postId) : null;
  // A deleted or hidden post cannot be read, so it cannot be reported either.
  if (!post || post.deleted || post.hiddenAt) throw new Response("Message introuvable", { status: 404 });
  return { db, post };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const { post } = await findPost(params.postId);
  const back = `${threadPath({ id: post.threadId, slug: post.threadSlug })}?page=${pageOfPosition(post.position)}#message-${post.id}`;
  return { post: { id: post.id, authorName: post.authorName, threadTitle: post.threadTitle, html: post.html }, back };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { db, post } = await findPost(params.postId);
  const form = await request.formData();
  const values = { reason: textField(form, "reason"), note: textField(form, "note") };
  const parsed = parseReportForm(values);
  if (!parsed.ok) return data({ values, errors: parsed.errors }, { status: 400 });
  const result = await reportPost(db, user, post.id, { reason: parsed.reason, note: parsed.note });
  if (!result.ok) return data({ values, errors: result.errors }, { status: result.status });
  return redirect(`${threadPath({ id: post.threadId, slug: post.threadSlug })}?page=${pageOfPosition(post.position)}&signale=${post.id}#message-${post.id}`);
}

export default function ReportPost() {
  const { post, back } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Signaler un message</h1>
      <p>
        Message de {post.authorName} dans le fil « {post.threadTitle} ». Les modérateurs examineront votre signalement ;
        l'auteur ne saura pas qui l'a signalé.
      </p>
      <blockquote className="quoted-post post-body" dangerouslySetInnerHTML={{ __html: post.html }} />
      <ReportForm values={actionData?.values ?? null} errors={actionData?.errors ?? {}} />
      <p>
        <Link to={back}>Retour au message</Link>
      </p>
    </>
  );
}
