import { useEffect, useState } from "react";

import { pageOfPosition } from "../../forum/pages";
import { liveStreamUrl, newPostsLabel, parsePostsEvent } from "../../live/events";

/**
 * "N nouveaux messages" on a thread page, without reloading: a server-sent-event stream (/direct)
 * tells how many posts the thread has; the difference with what the page shows appears in a polite
 * live region, as a link that loads the page where the new posts begin. Without JavaScript (or
 * EventSource) the region stays empty and nothing else changes.
 */
export function LiveThreadNotice({ threadId, knownPosts, path }: { threadId: number; knownPosts: number; path: string }) {
  const [posts, setPosts] = useState(knownPosts);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(liveStreamUrl(threadId));
    const onPosts = (event: MessageEvent<string>) => {
      const data = parsePostsEvent(event.data);
      if (data && data.threadId === threadId) setPosts(data.posts);
    };
    source.addEventListener("posts", onPosts);
    return () => {
      source.removeEventListener("posts", onPosts);
      source.close();
    };
  }, [threadId]);

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
