import { useEffect } from "react";

/**
 * Drafts kept in the browser while a member types (localStorage). Each key names the member, so a
 * draft is only ever restored for the member who wrote it; signing out clears every draft, and a
 * page seen signed out clears any left behind (a closed tab, a session that expired).
 */
export const DRAFT_PREFIX = "openent:brouillon:";

export function draftStorageKey(memberId: number, draftKey: string): string {
  return `${DRAFT_PREFIX}${memberId}:${draftKey}`;
}

/** Removes every draft of every member from this browser. */
export function clearDrafts(): void {
  try {
    const storage = window.localStorage;
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(DRAFT_PREFIX)) keys.push(key);
    }
    for (const key of keys) storage.removeItem(key);
  } catch {
    // Storage disabled: there are no drafts either.
  }
}

/** In the layout: a page seen without a member purges stray drafts. */
export function useDraftJanitor(memberId: number | null): void {
  useEffect(() => {
    if (memberId === null) clearDrafts();
  }, [memberId]);
}
