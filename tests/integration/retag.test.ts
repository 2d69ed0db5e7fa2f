import type { Kysely } from "kysely";
import { expect, it } from "vitest";

import { findThread } from "../../app/forum/threads.server";
import { retagThread, threadRetagState } from "../../app/moderation/thread-retag.server";
import { readSearchRequest } from "../../app/search/search-params";
import { loadSearchPage } from "../../app/search/search-page.server";
import type { Database, User } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, tagIds, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/** Issue 9, item 3: retitle, change kind, retag; the author retags their own thread. */

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

describeOnEachDatabase("moderation: retitle, change kind, retag", ({ current }) => {
  it("a moderator retitles, changes the kind and retags: one entry, a new slug, search follows", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author, { title: "Titre provisoire du capybara" });
    const state = await threadRetagState(db, thread.id);
    const tags = await tagIds(db, ["seine-et-marne", "ile-de-france"], ["gouvernance"]);
    const since = await lastJournalId(db);
    const result = await retagThread(db, viewerOf(moderator), thread.id, {
      title: "Gouvernance du tamanoir",
      kind: "gouvernance",
      collectiviteIds: tags.collectiviteIds.map(String),
      topicIds: tags.topicIds.map(String),
      version: state.version,
    });
    expect(result).toEqual({ ok: true, changed: true, slug: "gouvernance-du-tamanoir" });
    const found = await findThread(db, viewerOf(author), thread.id);
    expect(found.status === "found" && [found.thread.title, found.thread.kind, found.thread.topics.map((t) => t.slug), found.thread.collectivites.map((c) => c.slug).sort()]).toEqual([
      "Gouvernance du tamanoir",
      "gouvernance",
      ["gouvernance"],
      ["ile-de-france", "seine-et-marne"],
    ]);
    expect(await searchIds(db, author, "tamanoir")).toEqual([thread.id]);
    expect(await searchIds(db, author, "capybara")).toEqual([]);
    expect(await searchIds(db, author, "tamanoir #gouvernance")).toEqual([thread.id]);
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([["thread.retagged", moderator.id]]);
    expect(entries[0]!.details).toMatchObject({ changes: { title: true, kind: true, collectivites: true, topics: true }, before: { title: "Titre provisoire du capybara", kind: "discussion" } });
    // Saving the same values again changes nothing and writes nothing.
    const again = await retagThread(db, viewerOf(moderator), thread.id, {
      title: "Gouvernance du tamanoir",
      kind: "gouvernance",
      collectiviteIds: tags.collectiviteIds.map(String),
      topicIds: tags.topicIds.map(String),
      version: state.version + 1,
    });
    expect(again).toMatchObject({ ok: true, changed: false });
    expect(await journalSince(db, since)).toHaveLength(1);
  });

  it("the author retags their own thread, but may not retitle it or change its kind; others may not retag", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const other = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const { version } = await threadRetagState(db, thread.id);
    const tags = await tagIds(db, ["ile-de-france"], ["formation"]);
    const input = { collectiviteIds: tags.collectiviteIds.map(String), topicIds: tags.topicIds.map(String), version };
    const since = await lastJournalId(db);
    expect(await retagThread(db, viewerOf(other), thread.id, input)).toMatchObject({ ok: false, status: 403 });
    expect(await retagThread(db, viewerOf(author), thread.id, { ...input, title: "Nouveau titre de l'auteur" })).toMatchObject({ ok: false, status: 403 });
    expect(await retagThread(db, viewerOf(author), thread.id, input)).toMatchObject({ ok: true, changed: true });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([["thread.retagged", author.id]]);
    expect(entries[0]!.details).toMatchObject({ byAuthor: true, changes: { title: false, kind: false, collectivites: false, topics: true } });
  });

  it("refuses bad input with messages, and a stale form changes nothing", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author);
    const { version, collectiviteIds, topicIds } = await threadRetagState(db, thread.id);
    const since = await lastJournalId(db);
    const bad = await retagThread(db, viewerOf(moderator), thread.id, { title: "a\u0000b", kind: "inconnu", collectiviteIds: [], topicIds: ["abc"], version });
    expect(bad).toMatchObject({ ok: false, status: 400 });
    expect(bad.ok ? {} : Object.keys(bad.errors).sort()).toEqual(["collectiviteIds", "kind", "title", "topicIds"]);
    const unknown = await retagThread(db, viewerOf(moderator), thread.id, { collectiviteIds, topicIds: ["99999999"], version });
    expect(unknown).toMatchObject({ ok: false, status: 400, errors: { topicIds: "Une des thématiques choisies n'existe pas." } });
    const tooMany = await retagThread(db, viewerOf(moderator), thread.id, { collectiviteIds: Array.from({ length: 70_000 }, (_, i) => String(i + 1)), topicIds, version });
    expect(tooMany).toMatchObject({ ok: false, status: 400 });
    const stale = await retagThread(db, viewerOf(moderator), thread.id, { title: "Un titre venu d'un vieux formulaire", collectiviteIds, topicIds, version: version - 1 });
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect(await retagThread(db, viewerOf(moderator), 99999999, { collectiviteIds, topicIds, version })).toMatchObject({ ok: false, status: 404 });
    expect(await journalSince(db, since)).toEqual([]);
  });
});
