import type { Kysely } from "kysely";
import { expect, it } from "vitest";

import { editPost, findEditablePost } from "../../app/forum/post-editing.server";
import { createReply, deletePost, listPostsPage } from "../../app/forum/posts.server";
import { listRevisions } from "../../app/forum/revisions.server";
import { takeNotices } from "../../app/moderation/notices.server";
import { deleteAnyPost } from "../../app/moderation/post-deletion.server";
import { openReportIds, reportPost, resolveReports } from "../../app/moderation/reports.server";
import { acknowledgeWarning, pendingWarnings } from "../../app/moderation/warnings.server";
import { readSearchRequest } from "../../app/search/search-params";
import { loadSearchPage } from "../../app/search/search-page.server";
import type { Database, User } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/** Issue 9, item 7 (moderator edits and deletes any post; one refusal everywhere) and resolving reports by editing or warning. */

async function lastJournalId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

async function journalSince(db: Kysely<Database>, since: number) {
  return db.selectFrom("audit_log").selectAll().where("id", ">", since).orderBy("id").execute();
}

async function searchIds(db: Kysely<Database>, user: User, q: string): Promise<number[]> {
  const page = await loadSearchPage(db, viewerOf(user), readSearchRequest(new URLSearchParams({ q })));
  return page.hits.map((h) => h.threadId);
}

async function replyOf(db: Kysely<Database>, author: User, threadId: number, body: string): Promise<number> {
  const reply = await createReply(db, viewerOf(author), threadId, body);
  if (!reply.ok) throw new Error("reply failed");
  return reply.postId;
}

describeOnEachDatabase("moderation: moderators edit and delete any post", ({ current }) => {
  it("a moderator's edit is a revision under their name and one post.edited entry; the author's own edit writes none", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator", { displayName: "Modératrice Camille" });
    const author = await makeUser(db, "delegate", { displayName: "Auteur Alex" });
    const thread = await makeThread(db, author);
    const postId = await replyOf(db, author, thread.id, "Un texte avec une adresse privée.");
    const since = await lastJournalId(db);
    expect(await editPost(db, viewerOf(moderator), postId, { body: "Un texte (adresse retirée par la modération).", baseVersion: 1 })).toMatchObject({ ok: true });
    const revisions = await listRevisions(db, postId);
    expect(revisions?.map((r) => [r.version, r.editorName])).toEqual([
      [1, "Auteur Alex"],
      [2, "Modératrice Camille"],
    ]);
    expect(await editPost(db, viewerOf(author), postId, { body: "Mon texte, repris.", baseVersion: 2 })).toMatchObject({ ok: true });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id, e.target_user_id])).toEqual([["post.edited", moderator.id, author.id]]);
    expect(entries[0]!.details).toMatchObject({ postId, threadId: thread.id, before: { version: 1 }, after: { version: 2 } });
  });

  it("one answer for who may not edit: 404 for what is not there, 403 for someone else's post; nothing journaled", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const other = await makeUser(db, "delegate");
    const observer = await makeUser(db, "observer");
    const thread = await makeThread(db, author);
    const postId = await replyOf(db, author, thread.id, "Réponse de l'auteur.");
    const since = await lastJournalId(db);
    expect(await findEditablePost(db, viewerOf(other), postId)).toEqual({ status: "forbidden" });
    expect(await findEditablePost(db, viewerOf(observer), postId)).toEqual({ status: "forbidden" });
    expect(await findEditablePost(db, viewerOf(other), 99999999)).toEqual({ status: "missing" });
    expect(await editPost(db, viewerOf(other), postId, { body: "Pirate", baseVersion: 1 })).toMatchObject({ ok: false, status: 403 });
    await deletePost(db, viewerOf(author), postId);
    // Deleted: not there any more, for everyone (moderators included).
    const moderator = await makeUser(db, "moderator");
    expect(await findEditablePost(db, viewerOf(moderator), postId)).toEqual({ status: "missing" });
    expect(await findEditablePost(db, viewerOf(other), postId)).toEqual({ status: "missing" });
    expect((await journalSince(db, since)).map((e) => e.action)).toEqual(["post.deleted"]);
  });

  it("a moderator deletes any post with a reason: readers see it, it leaves search, the author is told, one entry", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const postId = await replyOf(db, author, thread.id, "Le mot ornithorynque dans une réponse.");
    expect(await searchIds(db, author, "ornithorynque")).toEqual([thread.id]);
    await takeNotices(db, author.id);
    const since = await lastJournalId(db);
    expect(await deleteAnyPost(db, moderator, postId, "Propos injurieux")).toEqual({ ok: true, threadId: thread.id, threadDeleted: false });
    const posts = await listPostsPage(db, thread.id, 1);
    expect(posts.find((p) => p.id === postId)).toMatchObject({ deleted: true, deletedByModeration: true, deletedReason: "Propos injurieux", html: "" });
    expect(await searchIds(db, author, "ornithorynque")).toEqual([]);
    expect((await takeNotices(db, author.id)).map((n) => n.body)).toEqual([expect.stringContaining("supprimé par la modération. Raison : Propos injurieux")]);
    // Twice: not there any more.
    expect(await deleteAnyPost(db, moderator, postId, "Encore")).toMatchObject({ ok: false, status: 404 });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id, e.target_user_id])).toEqual([["post.deleted", moderator.id, author.id]]);
    expect(entries[0]!.details).toMatchObject({ postId, reason: "Propos injurieux", byModerator: true, threadDeleted: false });
  });

  it("a délégué cannot delete someone else's post through the moderators' form: 403, journaled as refused", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const other = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const postId = await replyOf(db, author, thread.id, "Réponse à garder.");
    const since = await lastJournalId(db);
    expect(await deleteAnyPost(db, other, postId, "Je n'aime pas")).toMatchObject({ ok: false, status: 403 });
    expect(await deletePost(db, viewerOf(other), postId)).toBeNull();
    expect((await listPostsPage(db, thread.id, 1)).find((p) => p.id === postId)).toMatchObject({ deleted: false });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([["moderation.refused", other.id]]);
    expect(entries[0]!.details).toMatchObject({ permission: "post.deleteAny", act: "post.delete" });
  });

  it("deleting a lone opening post takes the thread with it, as for its author", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const opening = (await listPostsPage(db, thread.id, 1))[0]!.id;
    expect(await deleteAnyPost(db, moderator, opening, "Doublon d'un autre fil")).toMatchObject({ ok: true, threadDeleted: true });
    const row = await db.selectFrom("thread").select("deleted_at").where("id", "=", thread.id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
  });
});

describeOnEachDatabase("moderation: resolving reports by editing or warning", ({ current }) => {
  it("resolves by editing: the edit and the resolution in one act, one reports.resolved entry", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const reporter = await makeUser(db, "observer");
    const thread = await makeThread(db, author);
    const postId = await replyOf(db, author, thread.id, "Appelez-moi au 06 12 34 56 78.");
    expect(await reportPost(db, viewerOf(reporter), postId, { reason: "personal_data", note: null })).toMatchObject({ ok: true });
    const reportIds = await openReportIds(db, postId);
    const since = await lastJournalId(db);
    const edited = await editPost(db, viewerOf(moderator), postId, { body: "Appelez-moi (numéro retiré).", baseVersion: 1, reports: { reportIds, note: "Numéro de téléphone retiré" } });
    expect(edited).toMatchObject({ ok: true });
    expect(await openReportIds(db, postId)).toEqual([]);
    const report = await db.selectFrom("post_report").select(["resolution", "resolution_note"]).where("id", "=", reportIds[0]!).executeTakeFirstOrThrow();
    expect(report).toEqual({ resolution: "edited", resolution_note: "Numéro de téléphone retiré" });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => e.action)).toEqual(["reports.resolved"]);
    expect(entries[0]!.details).toMatchObject({ resolution: "edited", edit: { before: { version: 1 }, after: { version: 2 } } });
  });

  it("a stale edit-to-resolve changes nothing: neither the post nor the reports", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const [first, second] = [await makeUser(db, "observer"), await makeUser(db, "observer")];
    const thread = await makeThread(db, author);
    const postId = await replyOf(db, author, thread.id, "Texte signalé.");
    await reportPost(db, viewerOf(first), postId, { reason: "off_topic", note: null });
    const shown = await openReportIds(db, postId);
    await reportPost(db, viewerOf(second), postId, { reason: "off_topic", note: null });
    const since = await lastJournalId(db);
    const stale = await editPost(db, viewerOf(moderator), postId, { body: "Texte corrigé.", baseVersion: 1, reports: { reportIds: shown, note: "Corrigé" } });
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect((await listPostsPage(db, thread.id, 1)).find((p) => p.id === postId)).toMatchObject({ version: 1 });
    expect(await openReportIds(db, postId)).toHaveLength(2);
    expect(await journalSince(db, since)).toEqual([]);
  });

  it("resolves by warning: the author gets a warning (page and mail), one entry; it stays until acknowledged", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const reporter = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const postId = await replyOf(db, author, thread.id, "Un ton peu aimable.");
    await reportPost(db, viewerOf(reporter), postId, { reason: "inappropriate", note: "agressif" });
    const since = await lastJournalId(db);
    const resolved = await resolveReports(db, moderator, postId, { resolution: "warned", note: "Merci de rester courtois.", reportIds: await openReportIds(db, postId) });
    expect(resolved).toEqual({ ok: true, resolved: 1 });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.target_user_id])).toEqual([["reports.resolved", author.id]]);
    const warnings = await pendingWarnings(db, author.id);
    expect(warnings.map((w) => w.reason)).toEqual(["Merci de rester courtois."]);
    expect(entries[0]!.details).toMatchObject({ resolution: "warned", after: { warningId: warnings[0]!.id } });
    const mail = await db.selectFrom("outbox_message").select(["subject", "body_text"]).where("recipient", "=", author.email).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(mail.subject).toMatch(/Avertissement/);
    expect(mail.body_text).toContain("Merci de rester courtois.");
    // Still there on the next page, until acknowledged; someone else cannot acknowledge it.
    expect(await pendingWarnings(db, author.id)).toHaveLength(1);
    expect(await acknowledgeWarning(db, reporter.id, warnings[0]!.id)).toBe(false);
    expect(await acknowledgeWarning(db, author.id, warnings[0]!.id)).toBe(true);
    expect(await acknowledgeWarning(db, author.id, warnings[0]!.id)).toBe(false);
    expect(await pendingWarnings(db, author.id)).toEqual([]);
  });
});
