import { Kysely, PostgresDialect, sql } from "kysely";
import { expect, it } from "vitest";

import { recordAudit, type AuditAction } from "../../app/audit/audit-log.server";
import { JOURNAL_PAGE_SIZE, loadJournalPage } from "../../app/audit/journal.server";
import { parseJournalQuery, type JournalFilters } from "../../app/audit/journal-query";
import type { Database } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeUser } from "./support/users";

/** Issue 9, item 10: /moderation/journal for moderators, with filters and links. */

function filters(query: Record<string, string>): JournalFilters {
  const parsed = parseJournalQuery(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.filters;
}

async function entryAt(db: Kysely<Database>, entry: { actorId: number | null; action: AuditAction; targetUserId?: number | null; details?: Record<string, unknown> }, at?: string) {
  await recordAudit(db, entry);
  if (at) await sql`update audit_log set created_at = ${at}::timestamptz where id = (select max(id) from audit_log)`.execute(db);
  const row = await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow();
  return Number(row.id);
}

describeOnEachDatabase("journal", ({ current }) => {
  it("refuses délégués, observateurs and anonymous readers (403), lets moderators and administrators read", async () => {
    const db = current().db;
    for (const role of ["observer", "delegate"] as const) {
      const member = await makeUser(db, role);
      expect(await loadJournalPage(db, member, filters({}))).toEqual({ ok: false, status: 403 });
    }
    expect(await loadJournalPage(db, null, filters({}))).toEqual({ ok: false, status: 403 });
    const suspended = await makeUser(db, "admin");
    expect(await loadJournalPage(db, { ...suspended, status: "suspended" }, filters({}))).toEqual({ ok: false, status: 403 });
    for (const role of ["moderator", "admin"] as const) {
      expect(await loadJournalPage(db, await makeUser(db, role), filters({}))).toMatchObject({ ok: true });
    }
  });

  it("filters by author, action, member, thread and Paris days, newest first, and links to the targets", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator", { displayName: "Modératrice Journal" });
    const other = await makeUser(db, "admin");
    const member = await makeUser(db, "delegate");
    const lock = await entryAt(db, { actorId: moderator.id, action: "thread.locked", details: { threadId: 4242, title: "Un fil", before: {}, after: { reason: "x" } } }, "2026-03-10T12:00:00Z");
    const hide = await entryAt(db, { actorId: moderator.id, action: "post.hidden", details: { postId: 77, threadId: 4242, reason: "r", before: {}, after: {} } }, "2026-03-11T23:30:00Z");
    const suspend = await entryAt(db, { actorId: other.id, action: "user.suspended", targetUserId: member.id }, "2026-03-12T08:00:00Z");
    const topic = await entryAt(db, { actorId: other.id, action: "topic.created", details: { topicId: 1, after: { name: "Réseaux", slug: "reseaux", description: "" } } }, "2026-03-12T09:00:00Z");
    const collectivite = await entryAt(db, { actorId: other.id, action: "collectivite.updated", details: { collectiviteId: 1, slug: "ile-de-france", name: "Île-de-France", before: {}, after: {} } }, "2026-03-12T10:00:00Z");
    const ids = async (query: Record<string, string>) => {
      const result = await loadJournalPage(db, moderator, filters(query));
      if (!result.ok) throw new Error("refused");
      return result.page.entries.map((e) => e.id).filter((id) => id >= lock);
    };
    expect(await ids({})).toEqual([collectivite, topic, suspend, hide, lock]);
    expect(await ids({ acteur: String(moderator.id) })).toEqual([hide, lock]);
    expect(await ids({ action: "post.hidden" })).toEqual([hide]);
    expect(await ids({ membre: String(member.id) })).toEqual([suspend]);
    expect(await ids({ fil: "4242" })).toEqual([hide, lock]);
    // 2026-03-11T23:30Z is 00:30 on the 12th in Paris: a Paris day, not a UTC one.
    expect(await ids({ du: "2026-03-12", au: "2026-03-12" })).toEqual([collectivite, topic, suspend, hide]);
    expect(await ids({ au: "2026-03-11" })).toEqual([lock]);
    expect(await ids({ du: "2026-03-11", au: "2026-03-11" })).toEqual([]);
    expect(await ids({ au: "2026-03-10" })).toEqual([lock]);
    expect(await ids({ acteur: String(other.id), action: "user.suspended", du: "2026-03-01", au: "2026-03-31" })).toEqual([suspend]);

    const page = await loadJournalPage(db, moderator, filters({}));
    if (!page.ok) throw new Error("refused");
    const byId = new Map(page.page.entries.map((e) => [e.id, e]));
    expect(byId.get(hide)!.links.map((l) => l.to)).toEqual(["/fils/4242", "/messages/77"]);
    expect(byId.get(lock)!.links.map((l) => l.to)).toEqual(["/fils/4242"]);
    expect(byId.get(topic)!.links.map((l) => l.to)).toEqual(["/thematiques/reseaux"]);
    expect(byId.get(collectivite)!.links.map((l) => l.to)).toEqual(["/collectivites/ile-de-france"]);
    expect(byId.get(suspend)).toMatchObject({ targetUserId: member.id, links: [] });
    expect(page.page.actors.map((a) => a.id)).toEqual(expect.arrayContaining([moderator.id, other.id]));
    expect(page.page.actors.map((a) => a.id)).not.toContain(member.id);
  });

  it("rejects bad filters with a French message per field, and keeps what was typed", () => {
    const bad = parseJournalQuery(new URLSearchParams({ du: "2026-02-31", au: "hier", membre: "abc", fil: "-3", action: "drop table", acteur: "1e3" }));
    expect(bad).toMatchObject({
      ok: false,
      values: { du: "2026-02-31", au: "hier", membre: "abc", fil: "-3", action: "drop table", acteur: "1e3" },
      errors: {
        du: expect.stringContaining("AAAA-MM-JJ"),
        au: expect.stringContaining("AAAA-MM-JJ"),
        membre: expect.any(String),
        fil: expect.any(String),
        action: expect.any(String),
        acteur: expect.any(String),
      },
    });
    expect(parseJournalQuery(new URLSearchParams({ du: "2026-03-12", au: "2026-03-01" }))).toMatchObject({ ok: false, errors: { au: expect.stringContaining("suivre") } });
    expect(parseJournalQuery(new URLSearchParams({ du: "2024-02-29", membre: "99999999999" }))).toMatchObject({ ok: false, errors: { membre: expect.any(String) } });
    expect(parseJournalQuery(new URLSearchParams({ du: "2024-02-29" }))).toMatchObject({ ok: true });
  });

  it("pages newest first with a cursor, in a fixed number of queries whatever the size of the journal", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    let count = 0;
    const counting = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: current().handle.pool }),
      log: (event) => {
        if (event.level === "query") count++;
      },
    });
    const countPage = async (query: Record<string, string>) => {
      count = 0;
      const result = await loadJournalPage(counting, moderator, filters(query));
      if (!result.ok) throw new Error("refused");
      return { queries: count, page: result.page };
    };
    const small = await countPage({});
    for (let i = 0; i < JOURNAL_PAGE_SIZE + 5; i++) {
      const actor = await makeUser(db, "moderator");
      await recordAudit(db, { actorId: actor.id, action: "thread.pinned", details: { threadId: i + 1, title: "t", before: {}, after: {} } });
    }
    const first = await countPage({});
    expect(first.queries).toBe(small.queries);
    expect(first.queries).toBeLessThanOrEqual(2);
    expect(first.page.entries).toHaveLength(JOURNAL_PAGE_SIZE);
    expect(first.page.nextBefore).not.toBeNull();
    const second = await countPage({ avant: String(first.page.nextBefore) });
    expect(second.queries).toBe(small.queries);
    expect(Math.max(...second.page.entries.map((e) => e.id))).toBeLessThan(Math.min(...first.page.entries.map((e) => e.id)));
    const all = [...first.page.entries, ...second.page.entries].map((e) => e.id);
    expect(all).toEqual([...all].sort((a, b) => b - a));
  });
});
