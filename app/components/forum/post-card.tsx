import { AttachmentList, type AttachmentData } from "../files/attachment-list";
import { Form, Link } from "@remix-run/react";

import { UsefulControl, type UsefulInfoData } from "../appreciation/useful-control";
import { BookmarkToggle } from "../bookmarks/bookmark-toggle";
import { AuthorName } from "../members/author-name";
import { HiddenPostBody, PostModerationLinks } from "../moderation/post-moderation-links";
import { RelativeTime } from "./time";

export interface PostCardData {
  id: number;
  position: number;
  authorId: number;
  authorName: string;
  authorPublicProfile?: boolean;
  authorCollectivite: string | null;
  html: string;
  createdAt: string | Date;
  editedAt: string | Date | null;
  deleted: boolean;
  /** Deleted by a moderator, with the reason readers see. */
  deletedByModeration?: boolean;
  deletedReason?: string | null;
  /** Moderation: hidden posts show their reason; the body only reaches moderators. */
  hidden?: boolean;
  hiddenReason?: string | null;
}

interface PostCardProps {
  post: PostCardData;
  threadPath: string;
  now: number;
  canQuote: boolean;
  isOwn: boolean;
  page: number;
  /** Present when the viewer may bookmark: whether this post is in their signets. */
  bookmarked?: boolean | undefined;
  canReport?: boolean;
  canModerate?: boolean;
  /** A moderator may edit any post (a moderator's revision). */
  canEditAny?: boolean;
  /** "Utile" marks of the post, and whether the viewer may mark it. */
  useful?: { info: UsefulInfoData; canMark: boolean };
  /** The files the post's text refers to (docs/files.md). */
  attachments?: AttachmentData[] | undefined;
}

export function PostCard({ post, threadPath, now, canQuote, isOwn, page, bookmarked, canReport = false, canModerate = false, canEditAny = false, useful, attachments }: PostCardProps) {
  const anchor = `message-${post.id}`;
  return (
    <article id={anchor} className={post.deleted ? "post post--deleted" : "post"} aria-labelledby={`${anchor}-titre`}>
      <header className="post__head">
        <h2 id={`${anchor}-titre`} className="post__author">
          <AuthorName id={post.authorId} name={post.authorName} publicProfile={post.authorPublicProfile} />
          {post.authorCollectivite ? <span className="post__collectivite"> · {post.authorCollectivite}</span> : null}
        </h2>
        <p className="post__meta">
          <a href={`#${anchor}`} title="Lien permanent vers ce message">
            <RelativeTime value={post.createdAt} now={now} />
          </a>
          {post.editedAt && !post.deleted ? (
            <>
              {" · "}
              <Link to={`${threadPath}/messages/${post.id}/historique`}>modifié</Link>
            </>
          ) : null}
          <span className="visually-hidden"> · message n° {post.position}</span>
        </p>
      </header>
      {post.deleted ? (
        <p className="post-body muted">
          {post.deletedByModeration ? (
            <>
              <em>Message supprimé par la modération.</em>
              {post.deletedReason ? <> Raison : {post.deletedReason}</> : null}
            </>
          ) : (
            <em>Message supprimé par son auteur.</em>
          )}
        </p>
      ) : post.hidden ? (
        <HiddenPostBody reason={post.hiddenReason ?? null} html={canModerate ? post.html : null} />
      ) : (
        <>
          <div className="post-body" dir="auto" dangerouslySetInnerHTML={{ __html: post.html }} />
          {attachments ? <AttachmentList postId={post.id} attachments={attachments} /> : null}
        </>
      )}
      {post.deleted ? null : (
        <footer className="post__actions">
          {useful ? <UsefulControl postId={post.id} info={useful.info} canMark={useful.canMark} authorName={post.authorName} /> : null}
          {bookmarked !== undefined ? <BookmarkToggle postId={post.id} bookmarked={bookmarked} authorName={post.authorName} /> : null}
          {canQuote ? (
            <Link to={`${threadPath}?page=${page}&citer=${post.id}#repondre`}>
              Citer<span className="visually-hidden"> le message de {post.authorName}</span>
            </Link>
          ) : null}
          {isOwn ? (
            <>
              <Link to={`${threadPath}/messages/${post.id}/modifier`}>
                Modifier<span className="visually-hidden"> votre message n° {post.position}</span>
              </Link>
              <Form method="post" className="inline-form" onSubmit={(e) => { if (!window.confirm(deleteConfirmation(post.position))) e.preventDefault(); }}>
                  <input type="hidden" name="postId" value={post.id} />
                  <button type="submit" name="intent" value="delete" className="link-button">
                    Supprimer<span className="visually-hidden"> votre message n° {post.position}</span>
                  </button>
                </Form>
            </>
          ) : null}
          <PostModerationLinks
            postId={post.id}
            position={post.position}
            hidden={post.hidden ?? false}
            canReport={canReport}
            canModerate={canModerate}
            editPath={canEditAny && !isOwn ? `${threadPath}/messages/${post.id}/modifier` : undefined}
          />
        </footer>
      )}
    </article>
  );
}

/** What deleting does, said before it is done: the opening post may take its thread with it. */
export function deleteConfirmation(position: number): string {
  return position === 1
    ? "Supprimer ce message ? C'est le premier message du fil : s'il n'a encore aucune réponse, le fil entier sera supprimé ; sinon, le message apparaîtra comme « Message supprimé » et le fil restera."
    : "Supprimer ce message ? Il apparaîtra comme « Message supprimé » dans le fil.";
}
