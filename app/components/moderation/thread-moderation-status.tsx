import { Link } from "@remix-run/react";

/** Under a thread's title: its moderation marks, and for moderators the links to the moderation, split and merge pages. */
export function ThreadModerationStatus({
  thread,
  path,
  canCurate,
  canSplit = false,
  canMerge = false,
}: {
  thread: { pinned: boolean; featured: boolean; unlisted: boolean };
  path: string;
  canCurate: boolean;
  canSplit?: boolean;
  canMerge?: boolean;
}) {
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
      ) : null}{" "}
      {canSplit ? (
        <Link to={`${path}/deplacer`} className="button button--secondary">
          Déplacer des messages
        </Link>
      ) : null}{" "}
      {canMerge ? (
        <Link to={`${path}/fusionner`} className="button button--secondary">
          Fusionner ce fil dans…
        </Link>
      ) : null}
    </p>
  );
}
