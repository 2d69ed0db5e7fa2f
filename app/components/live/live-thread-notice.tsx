import { useState } from "react";

import { pageOfPosition } from "../../forum/pages";
import { newPostsLabel, parsePostsEvent } from "../../live/events";
import { useLiveEvent } from "./live-stream";

/**
 * "N nouveaux messages" on a thread page, without reloading: the page's event stream (/direct?fil=,
 * opened by the layout) tells how many posts the thread has; the difference with what the page
 * shows appears in a polite live region, as a link that loads the page where the new posts begin.
 * Without JavaScript (or EventSource) the region stays empty and nothing else changes.
 */
export function LiveThreadNotice({ threadId, knownPosts, path }: { threadId: number; knownPosts: number; path: string }) {
  const [posts, setPosts] = useState(knownPosts);
  useLiveEvent("posts", (raw) => {
    const data = parsePostsEvent(raw);
    if (data && data.threadId === threadId) setPosts(data.posts);
  });

  const fresh = Math.max(0, posts - knownPosts);
  return (
    <div className="live-notice" aria-live="polite" aria-atomic="true">
      {fresh > 0 ? (
        <p className="live-notice__message">
          <a href={`${path}?page=${pageOfPosition(knownPosts + 1)}`}>{newPostsLabel(fresh)}</a>
        </p>
      ) : null}
    </div>
  );
}
