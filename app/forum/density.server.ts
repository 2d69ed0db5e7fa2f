import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import type { Viewer } from "./viewer";

/**
 * The density of thread lists (issue 14, item 5): "compacte" shows one line per thread (reports'
 * fact cards collapse). Chosen once: stored on the member's account, in a cookie for visitors.
 */

export type Density = "normale" | "compacte";

const COOKIE = "densite";
const ONE_YEAR = 365 * 24 * 3600;

function cookieDensity(request: Request): Density {
  const header = request.headers.get("cookie") ?? "";
  return /(?:^|;\s*)densite=compacte(?:;|$)/.test(header) ? "compacte" : "normale";
}

export async function readDensity(db: Kysely<Database>, request: Request, viewer: Viewer | null): Promise<Density> {
  if (!viewer) return cookieDensity(request);
  const row = await db.selectFrom("app_user").select("compact_lists").where("id", "=", viewer.id).executeTakeFirst();
  return row?.compact_lists ? "compacte" : "normale";
}

/** Stores the choice; returns the Set-Cookie header for a visitor (null for a member). */
export async function saveDensity(db: Kysely<Database>, viewer: Viewer | null, density: Density, secure: boolean): Promise<string | null> {
  if (viewer) {
    await db.updateTable("app_user").set({ compact_lists: density === "compacte" }).where("id", "=", viewer.id).execute();
    return null;
  }
  return [`${COOKIE}=${density}`, "Path=/", `Max-Age=${ONE_YEAR}`, "SameSite=Lax", ...(secure ? ["Secure"] : [])].join("; ");
}
