import { useFetcher } from "@remix-run/react";

import { useHydrated } from "../use-hydrated";

export interface UsefulInfoData {
  count: number;
  names: string[];
  marked: boolean;
}

/** "1 utile", "2 utiles". */
export function usefulLabel(count: number): string {
  return `${count} utile${count > 1 ? "s" : ""}`;
}

/**
 * A post's "utile" count, the names behind it (a disclosure: opens by click, Enter or Space, so
 * keyboard users reach the names too) and, for members who may mark it, a toggle. Without
 * JavaScript the form posts to `/messages/:id/utile` and comes back to the post; with it, a
 * fetcher toggles in place.
 */
export function UsefulControl({
  postId,
  info,
  canMark,
  authorName,
}: {
  postId: number;
  info: UsefulInfoData;
  canMark: boolean;
  authorName: string;
}) {
  const fetcher = useFetcher<{ marked: boolean; count: number }>();
  const hydrated = useHydrated();
  const pending = fetcher.formData?.get("intent");
  let marked = info.marked;
  let count = info.count;
  if (pending) {
    marked = pending === "add";
    count = info.count + (marked ? 1 : 0) - (info.marked ? 1 : 0);
  } else if (fetcher.state === "loading" && fetcher.data) {
    ({ marked, count } = fetcher.data);
  }
  if (!canMark && count === 0) return null;
  return (
    <div className="useful">
      {canMark ? (
        <fetcher.Form method="post" action={`/messages/${postId}/utile`} className="inline-form">
          {hydrated ? <input type="hidden" name="reponse" value="donnees" /> : null}
          <button type="submit" name="intent" value={marked ? "remove" : "add"} className="link-button useful__toggle" aria-pressed={marked}>
            Utile<span className="visually-hidden"> : le message de {authorName}</span>
          </button>
        </fetcher.Form>
      ) : null}
      {count > 0 ? (
        info.names.length > 0 ? (
          <details className="useful__who">
            <summary title={info.names.join(", ")}>
              {usefulLabel(count)}
              <span className="visually-hidden"> : voir qui</span>
            </summary>
            <ul>
              {info.names.map((name, i) => (
                <li key={i}>{name}</li>
              ))}
            </ul>
          </details>
        ) : (
          <span className="useful__count">{usefulLabel(count)}</span>
        )
      ) : null}
    </div>
  );
}
