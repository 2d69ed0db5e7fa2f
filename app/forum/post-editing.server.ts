import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { can } from "../auth/permissions";
import { linkPostFiles } from "../files/post-files.server";
import { lockPost } from "../moderation/post-moderation.server";
import { resolveOpenReportsIn } from "../moderation/reports.server";
import { notifyModerationAct } from "../notifications/events.server";
import { renderPost } from "./render-post.server";
import { slugify } from "./slug";
import { checkBody, checkTitle, type Errors } from "./validation";
import type { Viewer } from "./viewer";

/**
 * Editing a post: its author, or a moderator (any post; the revision is recorded under the
 * moderator's name, and the act is journaled as `post.edited`). Who may not edit gets one answer
 * everywhere: "missing" (404) for a post that does not exist, is deleted or lies elsewhere, and
 * "forbidden" (403, with a French message) for a post they can read but may not edit.
 */

export interface EditablePost {
  id: number;
  threadId: number;
  position: number;
  authorId: number;
  markdown: string;
  version: number;
  title: string | null;
}

export type PostAccess = { status: "ok"; post: EditablePost; asModerator: boolean } | { status: "missing" } | { status: "forbidden" };

export const notYoursMessage = "Ce message n'est pas le vôtre : seuls son auteur et les modérateurs peuvent le modifier ou le supprimer.";
export const missingPostMessage = "Ce message n'existe pas ou a été supprimé.";

export async function findEditablePost(db: Kysely<Database>, editor: Viewer, postId: number): Promise<PostAccess> {
  const row = await db
    .selectFrom("post")
    .innerJoin("thread", "thread.id", "post.thread_id")
    .select(["post.id", "post.thread_id", "post.position", "post.author_id", "post.body_markdown", "post.version", "thread.title"])
    .where("post.id", "=", postId)
    .where("post.deleted_at", "is", null)
    .executeTakeFirst();
  if (!row) return { status: "missing" };
  const own = row.author_id === editor.id && can(editor, "post.editOwn");
  if (!own && !can(editor, "post.editAny")) return { status: "forbidden" };
  return {
    status: "ok",
    asModerator: !own,
    post: {
      id: row.id,
      threadId: row.thread_id,
      position: row.position,
      authorId: row.author_id,
      markdown: row.body_markdown,
      version: row.version,
      title: row.position === 1 ? row.title : null,
    },
  };
}

export type EditResult =
  | { ok: true; threadId: number; slug: string | null }
  | { ok: false; status: 400 | 403 | 404; errors: Errors }
  | { ok: false; status: 409; conflict: { markdown: string; version: number } }
  | { ok: false; status: 409; reportsChanged: true; errors: Errors };

/** Resolve the post's open reports by this edit (from the reports queue): the ids shown and a note. */
export interface ReportsByEdit {
  reportIds: number[];
  note: string;
}

/**
 * Saves an edit made from `baseVersion`. If someone saved in between, nothing is overwritten: the
 * caller gets the current text to show beside the editor's. The previous text becomes a revision.
 * A moderator's edit of another member's post writes one journal entry: `post.edited`, or
 * `reports.resolved` (resolution "edited") when it resolves the post's reports.
 */
export async function editPost(
  db: Kysely<Database>,
  editor: Viewer,
  postId: number,
  input: { body: string; baseVersion: number; title?: string | undefined; reports?: ReportsByEdit | undefined },
): Promise<EditResult> {
  const access = await findEditablePost(db, editor, postId);
  if (access.status === "missing") return { ok: false, status: 404, errors: { form: missingPostMessage } };
  if (access.status === "forbidden") return { ok: false, status: 403, errors: { form: notYoursMessage } };
  const { post, asModerator } = access;
  const errors: Errors = {};
  checkBody(input.body, errors);
  if (post.position === 1 && input.title !== undefined) checkTitle(input.title, errors);
  if (input.reports && !can(editor, "reports.handle")) errors.form = "Seuls les modérateurs traitent les signalements.";
  if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors };
  const html = await renderPost(db, input.body);
  return db.transaction().execute(async (trx): Promise<EditResult> => {
    const locked = await lockPost(trx, postId);
    const current = await trx.selectFrom("post").select(["body_markdown", "version", "deleted_at"]).where("id", "=", postId).executeTakeFirstOrThrow();
    if (!locked || current.deleted_at) return { ok: false, status: 404, errors: { form: missingPostMessage } };
    if (current.version !== input.baseVersion) {
      return { ok: false, status: 409, conflict: { markdown: current.body_markdown, version: current.version } };
    }
    await trx.insertInto("post_revision").values({ post_id: postId, version: current.version, body_markdown: current.body_markdown, editor_id: editor.id }).execute();
    await trx
      .updateTable("post")
      .set({ body_markdown: input.body, body_html: html, version: current.version + 1, edited_at: sql<Date>`now()` })
      .where("id", "=", postId)
      .execute();
    await linkPostFiles(trx, postId, editor.id, input.body);
    let slug: string | null = null;
    const oldTitle = post.title;
    if (post.position === 1 && input.title !== undefined) {
      slug = slugify(input.title.trim());
      await trx.updateTable("thread").set({ title: input.title.trim(), slug }).where("id", "=", post.threadId).execute();
    }
    const details = {
      postId,
      threadId: post.threadId,
      title: input.title?.trim() ?? locked.title,
      before: { version: current.version, ...(slug !== null ? { title: oldTitle } : {}) },
      after: { version: current.version + 1, ...(slug !== null ? { title: input.title!.trim() } : {}) },
    };
    if (input.reports) {
      const resolved = await resolveOpenReportsIn(trx, { ...editor, id: editor.id }, locked, { resolution: "edited", ...input.reports }, { edit: details });
      if (!resolved.ok) {
        // Rolls the edit back with the transaction: the form is stale, nothing changes.
        throw new ReportsChanged(resolved.errors);
      }
    } else if (asModerator) {
      await recordAudit(trx, { actorId: editor.id, action: "post.edited", targetUserId: post.authorId, details });
    }
    if (asModerator) {
      await notifyModerationAct(trx, {
        recipientId: post.authorId,
        actorId: editor.id,
        threadId: post.threadId,
        detail: `Votre message dans le fil « ${details.title} » a été modifié par la modération. L'historique du message montre la modification.`,
        link: `/messages/${postId}`,
      });
    }
    return { ok: true, threadId: post.threadId, slug };
  }).catch((error: unknown) => {
    if (error instanceof ReportsChanged) return { ok: false as const, status: 409 as const, reportsChanged: true as const, errors: error.errors };
    throw error;
  });
}

class ReportsChanged extends Error {
  constructor(readonly errors: Errors) {
    super("reports changed");
  }
}
