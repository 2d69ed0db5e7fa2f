/** The live updates as the browser sees them (client-safe, tested beside). */

export function liveStreamUrl(threadId: number | null): string {
  return threadId === null ? "/direct" : `/direct?fil=${threadId}`;
}

/** `{"threadId":12,"posts":8}` → the thread and its number of posts; anything else → null. */
export function parsePostsEvent(data: string): { threadId: number; posts: number } | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== "object" || value === null) return null;
    const { threadId, posts } = value as Record<string, unknown>;
    if (!Number.isSafeInteger(threadId) || !Number.isSafeInteger(posts)) return null;
    return { threadId: threadId as number, posts: posts as number };
  } catch {
    return null;
  }
}

export function newPostsLabel(count: number): string {
  return count === 1 ? "1 nouveau message" : `${count} nouveaux messages`;
}

/** The named events of the stream a page listens to (EventSource needs each name). */
export const LIVE_EVENTS = ["posts", "notifications"] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

/** `{"unread":3}` → 3; anything else → null. */
export function parseNotificationsEvent(data: string): number | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== "object" || value === null) return null;
    const { unread } = value as Record<string, unknown>;
    return Number.isSafeInteger(unread) && (unread as number) >= 0 ? (unread as number) : null;
  } catch {
    return null;
  }
}

/**
 * Which stream a page opens: a thread's (its post counts, and for a member their own events too),
 * a member's own events on any other page, or none for a visitor outside a thread.
 */
export function pageStreamUrl(signedIn: boolean, threadId: number | null): string | null {
  if (threadId !== null) return liveStreamUrl(threadId);
  return signedIn ? liveStreamUrl(null) : null;
}
