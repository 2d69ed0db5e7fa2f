import { Link } from "@remix-run/react";

/** Under a thread's title: its moderation marks, and for moderators the link to the moderation page. */
export function ThreadModerationStatus({ thread, path, canCurate }: { thread: { pinned: boolean; featured: boolean; unlisted: boolean }; path: string; canCurate: boolean }) {
  const marks = [thread.pinned ? "Épinglé" : null, thread.featured ? "À la une" : null, thread.unlisted ? "Non listé" : null].filter((m): m is string => m !== null);
  if (!canCurate && marks.length === 0) return null;
  return (
    <p className="curate">
      {marks.map((m) => (
        <span key={m} className="badge badge--muted">
          {m}
        </span>
      ))}{" "}
      {canCurate ? (
        <Link to={`${path}/moderation`} className="button button--secondary">
          Modérer ce fil
        </Link>
      ) : null}
    </p>
  );
}
