import { Form, Link } from "@remix-run/react";

import { formatDateTime, isoDateTime } from "../../lib/dates";

export interface VersionItem {
  id: number;
  number: number;
  comment: string;
  authorName: string | null;
  createdAt: string | Date;
}

/** Every version, newest first, and a GET form to compare any two (works without JavaScript). */
export function VersionList({ versions }: { versions: VersionItem[] }) {
  if (versions.length === 0) return <p>Aucune version pour l'instant.</p>;
  const newest = versions[0]!;
  const previous = versions[1] ?? newest;
  return (
    <>
      <ol className="version-list" reversed>
        {versions.map((v) => (
          <li key={v.id}>
            <Link to={`/gouvernance/versions/${v.id}`}>Version {v.number}</Link> — {v.comment}{" "}
            <span className="muted">
              ({v.authorName ?? "membre supprimé"}, <time dateTime={isoDateTime(v.createdAt)}>{formatDateTime(v.createdAt)}</time>)
            </span>
          </li>
        ))}
      </ol>
      {versions.length > 1 ? (
        <Form method="get" action="/gouvernance/comparer" className="compare-form">
          <fieldset className="fieldset fieldset--inline">
            <legend>Comparer deux versions</legend>
            <div className="field">
              <label htmlFor="comparer-de">De la version</label>
              <select id="comparer-de" name="de" defaultValue={String(previous.id)}>
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    Version {v.number}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="comparer-a">À la version</label>
              <select id="comparer-a" name="a" defaultValue={String(newest.id)}>
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    Version {v.number}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button--secondary">
              Comparer
            </button>
          </fieldset>
        </Form>
      ) : null}
    </>
  );
}
