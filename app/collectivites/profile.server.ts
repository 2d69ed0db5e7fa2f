import { sql, type Kysely } from "kysely";

import type { Collectivite, Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { isSlug } from "../lib/ids";
import { isUniqueViolation } from "../lib/pg-errors.server";
import { allowedOrJournaled, refusedMessage, type Moderator } from "../moderation/refusal.server";
import { profileColumns, type Errors, type ProfileInput } from "./profile-form";

/**
 * Collectivité curation (moderators): add a collectivité, keep its ENT profile current. Each act is
 * one transaction with its one journal entry (the changed fields, before and after); the row
 * remembers who changed it last. A form based on an older `version` changes nothing.
 */

export type ProfileResult =
  | { ok: true; collectivite: Collectivite }
  | { ok: false; status: 400 | 403 | 404; errors: Errors }
  | { ok: false; status: 409; errors: Errors; current: CollectiviteProfile };

export type CollectiviteProfile = Collectivite & { updatedByName: string | null };

const refused = { ok: false, status: 403, errors: { form: refusedMessage } } as const;

/** The profile page's collectivité, with the name of whoever changed it last. */
export async function findCollectiviteProfile(db: Kysely<Database>, slug: string): Promise<CollectiviteProfile | undefined> {
  // A NUL byte or an overlong value would make PostgreSQL fail: no such slug exists anyway.
  if (!isSlug(slug)) return undefined;
  return db
    .selectFrom("collectivite")
    .leftJoin("app_user", "app_user.id", "collectivite.updated_by")
    .selectAll("collectivite")
    .select("app_user.display_name as updatedByName")
    .where("collectivite.slug", "=", slug)
    .executeTakeFirst();
}

const sameNameError = "Une collectivité de ce type porte déjà ce nom.";

async function sameNameExists(db: Kysely<Database>, input: ProfileInput, exceptId: number | null): Promise<boolean> {
  let select = db
    .selectFrom("collectivite")
    .select("id")
    .where("kind", "=", input.kind)
    .where(sql`lower(f_unaccent(name))`, "=", sql`lower(f_unaccent(${input.name}))`);
  if (exceptId !== null) select = select.where("id", "<>", exceptId);
  return (await select.executeTakeFirst()) !== undefined;
}

export async function createCollectivite(db: Kysely<Database>, actor: Moderator, input: ProfileInput, slug: string): Promise<ProfileResult> {
  if (!(await allowedOrJournaled(db, actor, "collectivite.manage", { act: "collectivite.create", target: { name: input.name } }))) return refused;
  try {
    return await db.transaction().execute(async (trx): Promise<ProfileResult> => {
      const taken = await trx.selectFrom("collectivite").select("name").where("slug", "=", slug).executeTakeFirst();
      if (taken) return { ok: false, status: 400, errors: { slug: `L'adresse « ${slug} » est déjà celle de « ${taken.name} » : choisissez-en une autre.` } };
      if (await sameNameExists(trx, input, null)) return { ok: false, status: 400, errors: { name: sameNameError } };
      const collectivite = await trx
        .insertInto("collectivite")
        .values({ ...input, slug, updated_by: actor.id })
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = Object.fromEntries(profileColumns.map((column) => [column, collectivite[column]]));
      await recordAudit(trx, { actorId: actor.id, action: "collectivite.created", details: { collectiviteId: collectivite.id, slug, after } });
      return { ok: true, collectivite };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, status: 400, errors: { slug: `L'adresse « ${slug} » vient d'être prise : choisissez-en une autre.` } };
    throw error;
  }
}

/** Changes the profile; only the fields that changed are journaled. Nothing changed: nothing written. */
export async function updateCollectiviteProfile(
  db: Kysely<Database>,
  actor: Moderator,
  collectiviteId: number,
  input: ProfileInput,
  baseVersion: number,
): Promise<ProfileResult> {
  if (!(await allowedOrJournaled(db, actor, "collectivite.manage", { act: "collectivite.update", target: { collectiviteId } }))) return refused;
  return db.transaction().execute(async (trx): Promise<ProfileResult> => {
    const current = await trx.selectFrom("collectivite").selectAll().where("id", "=", collectiviteId).forUpdate().executeTakeFirst();
    if (!current) return { ok: false, status: 404, errors: { form: "Cette collectivité n'existe pas." } };
    if (current.version !== baseVersion) {
      const profile = await findCollectiviteProfile(trx, current.slug);
      return {
        ok: false,
        status: 409,
        errors: { form: "Ce profil a été modifié entre-temps par quelqu'un d'autre : rien n'a été enregistré." },
        current: profile!,
      };
    }
    const changed = profileColumns.filter((column) => current[column] !== input[column]);
    if (changed.length === 0) return { ok: true, collectivite: current };
    if ((changed.includes("name") || changed.includes("kind")) && (await sameNameExists(trx, input, collectiviteId))) {
      return { ok: false, status: 400, errors: { name: sameNameError } };
    }
    const collectivite = await trx
      .updateTable("collectivite")
      .set({ ...input, version: sql`version + 1`, updated_at: sql`now()`, updated_by: actor.id })
      .where("id", "=", collectiviteId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.id,
      action: "collectivite.updated",
      details: {
        collectiviteId,
        slug: current.slug,
        name: collectivite.name,
        before: Object.fromEntries(changed.map((column) => [column, current[column]])),
        after: Object.fromEntries(changed.map((column) => [column, collectivite[column]])),
      },
    });
    return { ok: true, collectivite };
  });
}
