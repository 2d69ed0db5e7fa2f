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
