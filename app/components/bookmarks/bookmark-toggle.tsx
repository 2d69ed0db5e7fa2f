import { useFetcher } from "@remix-run/react";

import { useHydrated } from "../use-hydrated";

/**
 * "Ajouter aux signets" / "Retirer des signets" on a post. Without JavaScript a plain form posts to
 * `/messages/:id/signet` and comes back to the post; with it, a fetcher toggles in place.
 */
export function BookmarkToggle({ postId, bookmarked, authorName }: { postId: number; bookmarked: boolean; authorName: string }) {
  const fetcher = useFetcher<{ bookmarked: boolean }>();
  const hydrated = useHydrated();
  const pending = fetcher.formData?.get("intent");
  const active = pending ? pending === "add" : (fetcher.data?.bookmarked ?? bookmarked);
  return (
    <fetcher.Form method="post" action={`/messages/${postId}/signet`} className="inline-form">
      {hydrated ? <input type="hidden" name="reponse" value="donnees" /> : null}
      <button type="submit" name="intent" value={active ? "remove" : "add"} className="link-button" aria-pressed={hydrated ? active : undefined}>
        {active ? "Retirer des signets" : "Ajouter aux signets"}
        <span className="visually-hidden"> le message de {authorName}</span>
      </button>
    </fetcher.Form>
  );
}
