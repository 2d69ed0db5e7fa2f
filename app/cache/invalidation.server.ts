import { database } from "../db.server";

/**
 * The page cache's side of LISTEN/NOTIFY. Migration 022's statement-level triggers send
 * `page_cache` (payload: the table's name) on every write to a table whose rows visitors' pages
 * show; the cache is cleared on each, and on a gap (the LISTEN connection was lost: notifications
 * may have been missed). See docs/decisions/006-page-cache.md.
 */

export const PAGE_CACHE_CHANNEL = "page_cache";

export interface PageChanges {
  /** Resolves once every change committed before the call has been passed to `onChange`. */
  barrier: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function watchPageChanges(onChange: (reason: string) => void): Promise<PageChanges> {
  const { notifications } = await database();
  const unlisten = await notifications.listen(PAGE_CACHE_CHANNEL, (table) => onChange(table));
  const offGap = notifications.onGap(() => onChange("gap"));
  return {
    barrier: () => notifications.barrier(),
    stop: async () => {
      offGap();
      await unlisten();
    },
  };
}
