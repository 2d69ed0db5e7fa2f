import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";

import { getUser, requireUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { cachedForVisitors, type PageCacheHandle } from "~/cache/page-cache";
import { FormAlert, type FieldErrors } from "~/components/form";
import { PostCard } from "~/components/forum/post-card";
import { PostEditor } from "~/components/forum/post-editor";
import { PublishButton, SubmissionKeyInput } from "~/components/forum/publish-button";
import { ReportCard } from "~/components/forum/report-card";
import { TagLinks } from "~/components/forum/thread-list";
import { type LiveThreadHandle } from "~/components/live/live-stream";
import { LiveThreadNotice } from "~/components/live/live-thread-notice";
import { WatchControl } from "~/components/notifications/watch-control";
import { AuthorName } from "~/components/members/author-name";
import { RelativeTime } from "~/components/forum/time";
import { getDb, getReadDb } from "~/db.server";
import { kindLabels } from "~/forum/kinds";
import { createReply, deletePost, locatePost } from "~/forum/posts.server";
import { findEditablePost, missingPostMessage, notYoursMessage } from "~/forum/post-editing.server";
import { pageOfPosition } from "~/forum/pages";
import { renderPreview } from "~/forum/render-post.server";
import { threadPath } from "~/forum/slug";
import { requireReadableThread } from "~/forum/thread-page.server";
import { loadThreadView } from "~/forum/thread-view.server";
import { readSubmissionKey, SUBMISSION_KEY_FIELD } from "~/forum/submission-keys.server";
import { setThreadVisibility } from "~/forum/threads.server";
import { appendMarkdown } from "~/files/limits";
import { readPostForm } from "~/files/post-form.server";
import { textField } from "~/lib/form-data";
import { parseId } from "~/lib/ids";
import { ThreadModerationStatus } from "~/components/moderation/thread-moderation-status";
import { GovernanceEvent } from "~/components/governance/governance-event";
import { ProposalPanel } from "~/components/governance/proposal-panel";
import { attachArticleComment } from "~/governance/article-comments.server";
import { skipRevalidationAfterPreview } from "~/forum/preview-revalidation";
import { feedLinkDescriptor, feedPaths } from "~/feeds/paths";
import { AcceptAnswerControl, AcceptedAnswer } from "~/components/forum/accepted-answer";
import { deleteDraft, saveDraft } from "~/drafts/drafts.server";


export const handle: PageCacheHandle & LiveThreadHandle = {
  // Every query parameter the loader reads (thread-page.server.ts, governance/thread-panel.server.ts).
  ...cachedForVisitors(["page", "citer", "article", "citer-version", "commenter"]),
  // The layout opens this thread's live stream (new posts, and the member's own events).
  liveThreadId: (data) => {
    const id = (data as { thread?: { id?: unknown } } | undefined)?.thread?.id;
    return typeof id === "number" ? id : null;
  },
};

export const shouldRevalidate = skipRevalidationAfterPreview;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.thread.title} · OpenENT Échanges` : "OpenENT Échanges" },
  // Only public threads have a feed (feed readers carry no session).
  ...(data?.thread.visibility === "public" ? [feedLinkDescriptor(feedPaths.thread(data.thread), `Messages du fil (Atom)`)] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Reads from a read replica when there is one (the member's own writes included); the reading
  // position, written, goes to the primary.
  const db = await getReadDb(request);
  const user = await getUser(request);
  const thread = await requireReadableThread(db, request, user, params.ref);
  return loadThreadView({ db: await getDb(), readDb: db }, request, user, thread);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const thread = await requireReadableThread(db, request, user, params.ref);
  const { form, upload } = await readPostForm(db, request, user);
  const intent = textField(form, "intent");
  const body = textField(form, "body");
  const path = threadPath(thread);

  if (upload) {
    // "Joindre le fichier" (also without JavaScript): the form again, with the file's Markdown.
    if (!upload.ok) return data({ body, errors: { fichier: upload.message } as FieldErrors, preview: null }, { status: upload.status });
    return data({ body: appendMarkdown(body, upload.markdown), errors: {} as FieldErrors, preview: null });
  }
  if (intent === "preview") {
    // Without JavaScript, "Prévisualiser" is also when the draft is saved on the server.
    const saved = can(user, "post.draft") ? await saveDraft(db, user, { threadId: thread.id }, body) : null;
    const errors: FieldErrors = saved && !saved.ok ? { body: saved.message } : {};
    return data({ body, errors, preview: await renderPreview(db, body) });
  }
  if (intent === "delete") {
    // The same answer as the edit page: 404 for what is not there, 403 for someone else's post
    // (moderators delete others' posts from "Modérer", with a reason).
    const postId = parseId(textField(form, "postId")) ?? 0;
    const location = postId ? await locatePost(db, postId) : undefined;
    const access = location && location.threadId === thread.id ? await findEditablePost(db, user, postId) : ({ status: "missing" } as const);
    if (access.status === "missing") throw new Response(missingPostMessage, { status: 404 });
    if (access.status === "forbidden" || access.asModerator) throw new Response(notYoursMessage, { status: 403 });
    const deleted = await deletePost(db, user, postId);
    if (!location || !deleted) throw new Response(missingPostMessage, { status: 404 });
    if (deleted.threadDeleted) return redirect("/");
    return redirect(`${path}?page=${pageOfPosition(location.position)}#message-${postId}`);
  }
  if (intent === "visibility") {
    const visibility = textField(form, "visibility") === "public" ? "public" : "members";
    if (!(await setThreadVisibility(db, user, thread.id, visibility))) throw new Response("Accès refusé", { status: 403 });
    return redirect(path);
  }
  const result = await createReply(db, user, thread.id, body, readSubmissionKey(textField(form, SUBMISSION_KEY_FIELD)));
  if (!result.ok) {
    if (result.status === 403) throw new Response("Accès refusé", { status: 403 });
    return data({ body, errors: result.errors, preview: null }, { status: result.status });
  }
  await deleteDraft(db, user.id, { threadId: thread.id });
  if (!result.repeated && textField(form, "commentVersion")) {
    await attachArticleComment(db, { postId: result.postId, threadId: thread.id, versionField: textField(form, "commentVersion"), articleField: textField(form, "commentArticle") });
  }
  return redirect(`${path}?page=${pageOfPosition(result.position)}#message-${result.postId}`);
}

export default function ThreadPage() {
  const { thread, posts, page, pageCount, replyDraft, now, viewerId, canReply, canCurate, signedIn, submissionKey, canReport, canModerate, canEditAny, canRetag, bookmarks, useful, canMarkUseful, watchLevel, proposal, articleComments, attachments, canManageGovernance, canSplit, canMerge, acceptedAnswer, canAccept, canDraft } =
    useLoaderData<typeof loader>();
  const eventsAfter = (position: number) => (proposal ? proposal.events.filter((e) => e.afterPosition === position) : []);
  const actionData = useActionData<typeof action>();
  const path = threadPath(thread);
  const errors: FieldErrors = actionData?.errors ?? {};
  return (
    <>
      <nav className="breadcrumb" aria-label="Fil d'Ariane">
        <ol>
          <li>
            <Link to="/">Fils</Link>
          </li>
          <li aria-current="page">{kindLabels[thread.kind]}</li>
        </ol>
      </nav>
      <header className="thread-head">
        <p className="thread-head__kind">
          <span className={`kind kind--${thread.kind}`}>{kindLabels[thread.kind]}</span>
          {thread.resolved ? <span className="badge badge--resolved">Résolu</span> : null}
          {thread.locked ? <span className="badge badge--muted">Verrouillé</span> : null}
          {thread.visibility === "public" ? <span className="badge badge--muted">Public</span> : null}
        </p>
        <h1 dir="auto">{thread.title}</h1>
        <p className="muted">
          Ouvert par <AuthorName id={thread.authorId} name={thread.authorName} publicProfile={thread.authorPublicProfile} />{" "}
          <RelativeTime value={thread.createdAt} now={now} /> · {thread.replyCount} réponse{thread.replyCount > 1 ? "s" : ""}
        </p>
        <TagLinks collectivites={thread.collectivites} topics={thread.topics} />
        {canRetag ? (
          <p>
            <Link to={`${path}/etiquettes`}>{canCurate ? "Changer le titre, le type ou les étiquettes" : "Changer les étiquettes"}</Link>
          </p>
        ) : null}
        {thread.report ? <ReportCard facts={thread.report} /> : null}
        <ThreadModerationStatus thread={thread} path={path} canCurate={canCurate} canSplit={canSplit} canMerge={canMerge} />
        {watchLevel ? <WatchControl target="fil" id={thread.id} level={watchLevel} /> : null}
        {proposal ? <ProposalPanel threadId={thread.id} proposal={proposal} canManage={canManageGovernance} /> : null}
      </header>
      {acceptedAnswer ? <AcceptedAnswer answer={acceptedAnswer} now={now} /> : null}

      <Pagination path={path} page={page} pageCount={pageCount} />
      <div className="posts">
        {posts[0] ? eventsAfter(posts[0].position - 1).map((e) => <GovernanceEvent key={`e${e.id}`} event={e} />) : null}
        {posts.map((post) => (
          <Fragment key={post.id}>
          {articleComments[post.id] ? (
            <p className="article-comment-link">
              Commentaire sur l'
              <Link to={`/gouvernance/versions/${articleComments[post.id]!.versionId}#${articleComments[post.id]!.anchor}`}>
                {articleComments[post.id]!.label.toLowerCase()} de la version {articleComments[post.id]!.versionNumber}
              </Link>
            </p>
          ) : null}
          <PostCard
            post={post}
            threadPath={path}
            now={now}
            canQuote={canReply && !thread.locked}
            isOwn={post.authorId === viewerId && canReply}
            page={page}
            bookmarked={bookmarks ? bookmarks.includes(post.id) : undefined}
            canReport={canReport && post.authorId !== viewerId}
            canModerate={canModerate}
            canEditAny={canEditAny && post.authorId !== viewerId}
            attachments={attachments[post.id]}
            useful={{
              info: useful[post.id] ?? { count: 0, names: [], marked: false },
              canMark: canMarkUseful && post.authorId !== viewerId && (!post.hidden || canModerate),
            }}
          />
          {canAccept && post.position > 1 && !post.deleted && !post.hidden ? <AcceptAnswerControl postId={post.id} accepted={acceptedAnswer?.postId === post.id} /> : null}
          {eventsAfter(post.position).map((e) => <GovernanceEvent key={`e${e.id}`} event={e} />)}
          </Fragment>
        ))}
      </div>
      <LiveThreadNotice threadId={thread.id} knownPosts={thread.replyCount + 1} path={path} />
      <Pagination path={path} page={page} pageCount={pageCount} />

      <section id="repondre" aria-labelledby="repondre-titre" className="reply">
        <h2 id="repondre-titre">Répondre</h2>
        {thread.locked ? (
          <>
            <p>Ce fil est verrouillé : il n'accepte plus de réponses.</p>
            {thread.lockReason ? <p className="lock-reason">Raison : {thread.lockReason}</p> : null}
          </>
        ) : canReply ? (
          <Form method="post" action={`${path}?page=${page}${proposal?.commentOn ? `&commenter=${proposal.commentOn.versionId}&article=${encodeURIComponent(proposal.commentOn.article)}` : ""}`} className="stack-form stack-form--wide" noValidate>
            {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
            <SubmissionKeyInput value={submissionKey} />
            {proposal?.commentOn ? (
              <>
                <input type="hidden" name="commentVersion" value={proposal.commentOn.versionId} />
                <input type="hidden" name="commentArticle" value={proposal.commentOn.article} />
                <p className="muted">
                  Votre réponse sera rattachée à l'{proposal.commentOn.label.toLowerCase()} de la version {proposal.commentOn.versionNumber}.
                </p>
              </>
            ) : null}
            <PostEditor
              key={replyDraft}
              id="reponse"
              label="Votre réponse"
              defaultValue={actionData?.body ?? replyDraft}
              error={errors.body}
              fileError={errors.fichier}
              draftKey={`reponse-${thread.id}`}
              serverDraft={canDraft ? String(thread.id) : undefined}
              serverPreview={actionData?.preview}
              rows={8}
            />
            <div className="form-actions">
              <PublishButton intent="reply" label="Publier la réponse" />
              <button type="submit" name="intent" value="preview" className="button button--secondary">
                Prévisualiser
              </button>
            </div>
          </Form>
        ) : signedIn ? (
          <p>Votre rôle d'observateur permet de lire les fils, pas d'y répondre.</p>
        ) : (
          <p>
            <Link to={`/connexion?retour=${encodeURIComponent(path)}`}>Connectez-vous</Link> pour répondre.
          </p>
        )}
      </section>
    </>
  );
}

function Pagination({ path, page, pageCount }: { path: string; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pages du fil">
      <ul>
        {Array.from({ length: pageCount }, (_, i) => i + 1).map((n) => (
          <li key={n}>
            {n === page ? (
              <span aria-current="page">Page {n}</span>
            ) : (
              <Link to={`${path}?page=${n}`}>Page {n}</Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
