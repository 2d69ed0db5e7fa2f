import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { renderPost } from "../forum/render-post.server";
import { parseProfileForm, type ProfileErrors } from "./profile-form";

/** The member's own profile settings on `/compte`: the short bio and "profil public". */

export interface ProfileSettings {
  bio: string;
  publicProfile: boolean;
}

export async function findProfileSettings(db: Kysely<Database>, userId: number): Promise<ProfileSettings | undefined> {
  const row = await db.selectFrom("app_user").select(["bio_markdown", "public_profile"]).where("id", "=", userId).executeTakeFirst();
  return row ? { bio: row.bio_markdown ?? "", publicProfile: row.public_profile } : undefined;
}

/**
 * Saves the bio, rendered through the posts' Markdown pipeline (sanitized, mentions linked) when
 * written, and the public-profile choice.
 */
export async function updateProfileSettings(
  db: Kysely<Database>,
  userId: number,
  values: { bio: string; publicProfile: boolean },
): Promise<{ ok: true } | { ok: false; errors: ProfileErrors }> {
  const parsed = parseProfileForm(values);
  if (!parsed.ok) return parsed;
  const { bio, publicProfile } = parsed.input;
  const html = bio === null ? null : await renderPost(db, bio);
  await db
    .updateTable("app_user")
    .set({ bio_markdown: bio, bio_html: html, public_profile: publicProfile, updated_at: sql<Date>`now()` })
    .where("id", "=", userId)
    .execute();
  return { ok: true };
}
