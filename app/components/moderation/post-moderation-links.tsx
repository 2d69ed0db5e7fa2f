import { Link } from "@remix-run/react";

/** "Message masqué par la modération" and its reason; moderators can unfold the body. */
export function HiddenPostBody({ reason, html }: { reason: string | null; html: string | null }) {
  return (
    <div className="post-body post-body--hidden">
      <p className="muted">
        <em>Message masqué par la modération.</em>
        {reason ? <> Raison : {reason}</> : null}
      </p>
      {html ? (
        <details>
          <summary>Voir le message masqué (modérateurs)</summary>
          <div dangerouslySetInnerHTML={{ __html: html }} />
        </details>
      ) : null}
    </div>
  );
}

/** The report link (members, not on their own posts) and the moderators' links, under a post. */
export function PostModerationLinks({
  postId,
  position,
  hidden,
  canReport,
  canModerate,
  editPath,
}: {
  postId: number;
  position: number;
  hidden: boolean;
  canReport: boolean;
  canModerate: boolean;
  /** Set for a moderator under someone else's post: the edit page (a moderator's revision). */
  editPath?: string | undefined;
}) {
  return (
    <>
      {canReport && !hidden ? (
        <Link to={`/messages/${postId}/signaler`}>
          Signaler<span className="visually-hidden"> le message n° {position}</span>
        </Link>
      ) : null}
      {editPath ? (
        <Link to={editPath}>
          Modifier (modération)<span className="visually-hidden"> le message n° {position}</span>
        </Link>
      ) : null}
      {canModerate ? (
        <Link to={`/messages/${postId}/moderation`}>
          {hidden ? "Réafficher ou supprimer" : "Masquer ou supprimer"}
          <span className="visually-hidden"> le message n° {position}</span>
        </Link>
      ) : null}
    </>
  );
}
