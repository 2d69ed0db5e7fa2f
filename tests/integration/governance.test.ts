import { Kysely, PostgresDialect } from "kysely";
import { expect, it } from "vitest";

import { createReply } from "../../app/forum/posts.server";
import { setThreadVisibility } from "../../app/forum/threads.server";
import { attachArticleComment } from "../../app/governance/article-comments.server";
import type { StatusInput } from "../../app/governance/forms";
import { loadGovernancePage } from "../../app/governance/governance-page.server";
import { changeStatus, loadProposalState } from "../../app/governance/proposals.server";
import { decisionMarkdown, findDecisionRecord, listRegister, registerCsv } from "../../app/governance/register.server";
import { mayPropose, readSiteSettings, updateSiteSettings } from "../../app/governance/settings.server";
import { articleCommentCounts, compareVersions, saveVersion } from "../../app/governance/versions.server";
import { readSearchRequest } from "../../app/search/search-params";
import { loadSearchPage } from "../../app/search/search-page.server";
import type { Database, User } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, tagIds, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/** Issue 10: proposals, reference-text versions and diffs, decisions, the register and its exports. */

async function lastJournalId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

async function journalSince(db: Kysely<Database>, since: number) {
  return db.selectFrom("audit_log").selectAll().where("id", ">", since).orderBy("id").execute();
}

async function proposal(db: Kysely<Database>, author: User, overrides: { topics?: string[]; title?: string } = {}) {
  const tags = await tagIds(db, ["ile-de-france"], overrides.topics ?? ["gouvernance"]);
  return makeThread(db, author, { kind: "gouvernance", ...tags, ...(overrides.title ? { title: overrides.title } : {}) });
}

async function statusOf(db: Kysely<Database>, threadId: number) {
  return (await db.selectFrom("thread").select(["governance_status", "locked_at"]).where("id", "=", threadId).executeTakeFirstOrThrow());
}

const move = (from: StatusInput["from"], to: StatusInput["to"], extra: Partial<StatusInput> = {}): StatusInput => ({ from, to, comment: null, decision: null, ...extra });

const adoption = (versionId: number | null, decidedOn = "2026-03-12") => ({
  decidedOn,
  decidingBody: "Assemblée générale du 12 mars 2026",
  votesFor: 14,
  votesAgainst: 1,
  abstentions: 1,
  summary: "Les statuts sont adoptés.",
  versionId,
});

const statutes = (cotisation: string) =>
  ["Préambule.", "", "## Article 1 — Objet", "Porter l'ENT commun.", "", "## Article 2 — Membres", "Les collectivités.", "", "## Article 3 — Cotisations", cotisation].join("\n");

describeOnEachDatabase("governance: proposals and statuses", ({ current }) => {
  it("a gouvernance thread starts as a proposition; other kinds have no status", async () => {
    const db = current().db;
    const delegate = await makeUser(db, "delegate");
    const p = await proposal(db, delegate);
    const other = await makeThread(db, delegate);
    expect((await statusOf(db, p.id)).governance_status).toBe("proposition");
    expect((await statusOf(db, other.id)).governance_status).toBeNull();
  });

  it("moves along allowed transitions only, each with an event and one journal entry", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const delegate = await makeUser(db, "delegate");
    const p = await proposal(db, delegate);

    let since = await lastJournalId(db);
    const refused = await changeStatus(db, moderator, p.id, move("proposition", "adoptee", { decision: adoption(null) }));
    expect(refused).toMatchObject({ ok: false, status: 400 });
    expect(!refused.ok && refused.errors.form).toContain("rien n'a été changé");
    expect((await statusOf(db, p.id)).governance_status).toBe("proposition");
    expect(await journalSince(db, since)).toEqual([]);

    since = await lastJournalId(db);
    expect(await changeStatus(db, moderator, p.id, move("proposition", "discussion", { comment: "On en parle." }))).toEqual({ ok: true, decisionId: null });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => e.action)).toEqual(["governance.status_changed"]);
    expect(entries[0]!.details).toMatchObject({ threadId: p.id, from: "proposition", to: "discussion", comment: "On en parle." });
    const state = await loadProposalState(db, { id: p.id, governanceStatus: "discussion" }, { from: 1, to: 50, last: true });
    expect(state!.events.map((e) => [e.from, e.to, e.comment, e.afterPosition])).toEqual([["proposition", "discussion", "On en parle.", 1]]);

    // A form built on the old status is stale: nothing changes.
    since = await lastJournalId(db);
    const stale = await changeStatus(db, moderator, p.id, move("proposition", "discussion"));
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect(await journalSince(db, since)).toEqual([]);
  });

  it("refuses a délégué moving a status (403, journaled), lets the author withdraw their own", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const other = await makeUser(db, "delegate");
    const p = await proposal(db, author);

    let since = await lastJournalId(db);
    const refused = await changeStatus(db, other, p.id, move("proposition", "discussion"));
    expect(refused).toMatchObject({ ok: false, status: 403 });
    const refusal = await journalSince(db, since);
    expect(refusal.map((e) => e.action)).toEqual(["moderation.refused"]);
    expect(refusal[0]!.details).toMatchObject({ permission: "governance.manage", act: "governance.discussion" });
    expect(await changeStatus(db, other, p.id, move("proposition", "retiree"))).toMatchObject({ ok: false, status: 403 });
    expect(await changeStatus(db, author, p.id, move("proposition", "discussion"))).toMatchObject({ ok: false, status: 403 });
    expect((await statusOf(db, p.id)).governance_status).toBe("proposition");

    since = await lastJournalId(db);
    expect(await changeStatus(db, author, p.id, move("proposition", "retiree"))).toMatchObject({ ok: true });
    const withdrawal = await journalSince(db, since);
    expect(withdrawal.map((e) => e.action)).toEqual(["governance.status_changed"]);
    expect(withdrawal[0]!.details).toMatchObject({ byAuthor: true, to: "retiree" });
    // Only a moderator brings a withdrawn proposal back.
    expect(await changeStatus(db, author, p.id, move("retiree", "discussion"))).toMatchObject({ ok: false, status: 403 });
    expect(await changeStatus(db, moderator, p.id, move("retiree", "discussion"))).toMatchObject({ ok: true });
  });

  it("an adoption records the decision with its version and locks the thread; reopening unlocks it", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const delegate = await makeUser(db, "delegate");
    const p = await proposal(db, delegate);
    const elsewhere = await proposal(db, delegate);
    const v1 = await saveVersion(db, moderator, p.id, { body: statutes("1 000 euros."), comment: "Premier jet", base: 0 });
    const foreign = await saveVersion(db, moderator, elsewhere.id, { body: statutes("0 euro."), comment: "Autre", base: 0 });
    if (!v1.ok || !foreign.ok) throw new Error("versions not saved");
    await changeStatus(db, moderator, p.id, move("proposition", "discussion"));

    const wrongVersion = await changeStatus(db, moderator, p.id, move("discussion", "adoptee", { decision: adoption(foreign.id) }));
    expect(wrongVersion).toMatchObject({ ok: false, status: 400 });
    expect(!wrongVersion.ok && wrongVersion.errors.versionId).toBeTruthy();
    const noDecision = await changeStatus(db, moderator, p.id, move("discussion", "adoptee"));
    expect(noDecision).toMatchObject({ ok: false, status: 400 });
    expect((await statusOf(db, p.id)).governance_status).toBe("discussion");

    const since = await lastJournalId(db);
    const adopted = await changeStatus(db, moderator, p.id, move("discussion", "adoptee", { decision: adoption(v1.id) }));
    if (!adopted.ok || !adopted.decisionId) throw new Error("not adopted");
    expect((await journalSince(db, since)).map((e) => e.action)).toEqual(["governance.status_changed"]);
    const after = await statusOf(db, p.id);
    expect(after.governance_status).toBe("adoptee");
    expect(after.locked_at).not.toBeNull();
    const reply = await createReply(db, viewerOf(delegate), p.id, "Encore un mot.");
    expect(reply).toMatchObject({ ok: false, status: 409 });

    const state = await loadProposalState(db, { id: p.id, governanceStatus: "adoptee" }, { from: 1, to: 50, last: true });
    expect(state!.decision).toMatchObject({ id: adopted.decisionId, outcome: "adoptee", decidedOn: "2026-03-12", votesFor: 14, versionId: v1.id, versionNumber: 1 });
    expect((await listRegister(db, viewerOf(delegate), { status: null, topic: null, year: null })).map((d) => d.id)).toEqual([adopted.decisionId]);

    // Reopened: back to discussion, unlocked, out of the register, its record says so.
    expect(await changeStatus(db, moderator, p.id, move("adoptee", "discussion", { comment: "Nouvel examen." }))).toMatchObject({ ok: true });
    const reopened = await statusOf(db, p.id);
    expect(reopened).toMatchObject({ governance_status: "discussion", locked_at: null });
    expect(await listRegister(db, viewerOf(delegate), { status: null, topic: null, year: null })).toEqual([]);
    expect(await findDecisionRecord(db, viewerOf(delegate), adopted.decisionId)).toMatchObject({ reopened: true });
    expect(await createReply(db, viewerOf(delegate), p.id, "Encore un mot.")).toMatchObject({ ok: true });
  });

  it("places each event after the last post written before it", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const delegate = await makeUser(db, "delegate");
    const p = await proposal(db, delegate);
    await createReply(db, viewerOf(delegate), p.id, "Réponse 2");
    await changeStatus(db, moderator, p.id, move("proposition", "discussion"));
    await createReply(db, viewerOf(delegate), p.id, "Réponse 3");
    await createReply(db, viewerOf(delegate), p.id, "Réponse 4");
    await changeStatus(db, moderator, p.id, move("discussion", "retiree"));
    const state = await loadProposalState(db, { id: p.id, governanceStatus: "retiree" }, { from: 1, to: 50, last: true });
    expect(state!.events.map((e) => [e.to, e.afterPosition])).toEqual([
      ["discussion", 2],
      ["retiree", 4],
    ]);
    // Page 2 of a long thread shows only the events of its range.
    const page2 = await loadProposalState(db, { id: p.id, governanceStatus: "retiree" }, { from: 51, to: 100, last: true });
    expect(page2!.events).toEqual([]);
  });

  it("the site setting decides whether délégués may propose; changing it is journaled", async () => {
    const db = current().db;
    const admin = await makeUser(db, "admin");
    const moderator = await makeUser(db, "moderator");
    const delegate = await makeUser(db, "delegate");
    expect(mayPropose(delegate, await readSiteSettings(db))).toBe(true);
    let since = await lastJournalId(db);
    expect(await updateSiteSettings(db, moderator, { delegatesMayPropose: false })).toBe("refused");
    expect((await journalSince(db, since)).map((e) => e.action)).toEqual(["moderation.refused"]);
    since = await lastJournalId(db);
    expect(await updateSiteSettings(db, admin, { delegatesMayPropose: false })).toBe("changed");
    expect(await updateSiteSettings(db, admin, { delegatesMayPropose: false })).toBe("unchanged");
    expect((await journalSince(db, since)).map((e) => e.action)).toEqual(["settings.updated"]);
    const settings = await readSiteSettings(db);
    expect(mayPropose(delegate, settings)).toBe(false);
    expect(mayPropose(moderator, settings)).toBe(true);
  });
});

describeOnEachDatabase("governance: reference text", ({ current }) => {
  it("keeps every version; a stale base saves nothing and returns the current text", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const second = await makeUser(db, "moderator");
    const delegate = await makeUser(db, "delegate");
    const p = await proposal(db, delegate);
    expect(await saveVersion(db, moderator, p.id, { body: statutes("1 000 euros."), comment: "Premier jet", base: 0 })).toMatchObject({ ok: true, number: 1 });
    // Both moderators edit from version 1; the second to save is told.
    expect(await saveVersion(db, moderator, p.id, { body: statutes("1 200 euros."), comment: "Hausse", base: 1 })).toMatchObject({ ok: true, number: 2 });
    const since = await lastJournalId(db);
    const stale = await saveVersion(db, second, p.id, { body: statutes("900 euros."), comment: "Baisse", base: 1 });
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect(!stale.ok && stale.current?.markdown).toContain("1 200 euros.");
    expect(await journalSince(db, since)).toEqual([]);
    expect(await saveVersion(db, second, p.id, { body: statutes("900 euros."), comment: "Baisse", base: 2 })).toMatchObject({ ok: true, number: 3 });
    const numbers = await db.selectFrom("reference_version").select("number").where("thread_id", "=", p.id).orderBy("number").execute();
    expect(numbers.map((n) => n.number)).toEqual([1, 2, 3]);
    // A délégué is refused and journaled.
    const refusedSince = await lastJournalId(db);
    expect(await saveVersion(db, delegate, p.id, { body: "x", comment: "x", base: 3 })).toMatchObject({ ok: false, status: 403 });
    expect((await journalSince(db, refusedSince)).map((e) => e.action)).toEqual(["moderation.refused"]);
  });

  it("diffs any two versions by article (changed, added, removed, renumbered); never across proposals", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const p = await proposal(db, moderator);
    const other = await proposal(db, moderator);
    const v1 = await saveVersion(db, moderator, p.id, { body: statutes("1 000 euros."), comment: "v1", base: 0 });
    const v2body = statutes("1 200 euros.")
      .replace("## Article 2 — Membres\nLes collectivités.\n\n", "")
      .replace("## Article 3 — Cotisations", "## Article 2 — Cotisations")
      .concat("\n\n## Article 3 — Durée\nQuatre ans.");
    const v2 = await saveVersion(db, moderator, p.id, { body: v2body, comment: "v2", base: 1 });
    const foreign = await saveVersion(db, moderator, other.id, { body: statutes("0."), comment: "autre", base: 0 });
    if (!v1.ok || !v2.ok || !foreign.ok) throw new Error("versions not saved");
    const comparison = await compareVersions(db, v2.id, v1.id);
    expect(comparison!.before.number).toBe(1);
    expect(comparison!.changes.map((c) => [c.kind, c.before, c.after])).toEqual([
      ["same", "", ""],
      ["same", "1", "1"],
      ["removed", "2", null],
      ["changed", "3", "2"],
      ["added", null, "3"],
    ]);
    const cotisations = comparison!.changes[3]!;
    expect(cotisations.segments.filter((s) => s.kind === "added").map((s) => s.text).join("")).toContain("200");
    expect(cotisations.segments.filter((s) => s.kind === "removed").map((s) => s.text).join("")).toContain("000");
    expect(await compareVersions(db, v1.id, foreign.id)).toBeNull();
    expect(await compareVersions(db, v1.id, 2_000_000_000)).toBeNull();
  });

  it("counts the comments attached to each article of a version", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const delegate = await makeUser(db, "delegate");
    const p = await proposal(db, delegate);
    const other = await proposal(db, delegate);
    const v1 = await saveVersion(db, moderator, p.id, { body: statutes("1 000 euros."), comment: "v1", base: 0 });
    if (!v1.ok) throw new Error("not saved");
    const reply = await createReply(db, viewerOf(delegate), p.id, "Trop cher.");
    const elsewhere = await createReply(db, viewerOf(delegate), other.id, "Ailleurs.");
    if (!reply.ok || !elsewhere.ok) throw new Error("no reply");
    expect(await attachArticleComment(db, { postId: reply.postId, threadId: p.id, versionField: String(v1.id), articleField: "3" })).toBe(true);
    // A version of another thread, an article that does not exist, a bad id: no attachment.
    expect(await attachArticleComment(db, { postId: elsewhere.postId, threadId: other.id, versionField: String(v1.id), articleField: "3" })).toBe(false);
    expect(await attachArticleComment(db, { postId: reply.postId, threadId: p.id, versionField: String(v1.id), articleField: "9" })).toBe(false);
    expect(await attachArticleComment(db, { postId: reply.postId, threadId: p.id, versionField: "abc", articleField: "3" })).toBe(false);
    expect(await articleCommentCounts(db, v1.id)).toEqual({ "3": 1 });
  });
});

describeOnEachDatabase("governance: register, search and exports", ({ current }) => {
  it("lists decisions newest first, filtered by thématique and year; visitors see public threads only", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const delegate = await makeUser(db, "delegate");
    const decide = async (topics: string[], decidedOn: string) => {
      const p = await proposal(db, delegate, { topics });
      await changeStatus(db, moderator, p.id, move("proposition", "discussion"));
      const result = await changeStatus(db, moderator, p.id, move("discussion", "adoptee", { decision: adoption(null, decidedOn) }));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return { threadId: p.id, decisionId: result.decisionId! };
    };
    const a = await decide(["gouvernance"], "2025-06-01");
    const b = await decide(["financement"], "2026-03-12");
    const c = await decide(["gouvernance"], "2026-01-20");
    await setThreadVisibility(db, moderator, c.threadId, "public");
    const all = { status: null, topic: null, year: null };
    const member = viewerOf(delegate);
    expect((await listRegister(db, member, all)).map((d) => d.id)).toEqual([b.decisionId, c.decisionId, a.decisionId]);
    expect((await listRegister(db, member, { ...all, year: 2026 })).map((d) => d.id)).toEqual([b.decisionId, c.decisionId]);
    expect((await listRegister(db, member, { ...all, topic: "gouvernance" })).map((d) => d.id)).toEqual([c.decisionId, a.decisionId]);
    expect((await listRegister(db, member, { ...all, topic: "gouvernance", year: 2025 })).map((d) => d.id)).toEqual([a.decisionId]);
    expect((await listRegister(db, null, all)).map((d) => d.id)).toEqual([c.decisionId]);
    expect(await findDecisionRecord(db, null, a.decisionId)).toBe("members-only");
    expect(await findDecisionRecord(db, null, c.decisionId)).toMatchObject({ id: c.decisionId });
    expect(await findDecisionRecord(db, member, 2_000_000_000)).toBeNull();
  });

  it("exports a decision as Markdown with its adopted text, and the register as CSV without formulas", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const p = await proposal(db, moderator, { title: "=Statuts de l'association" });
    const v1 = await saveVersion(db, moderator, p.id, { body: statutes("1 000 euros."), comment: "v1", base: 0 });
    if (!v1.ok) throw new Error("not saved");
    await changeStatus(db, moderator, p.id, move("proposition", "discussion"));
    const adopted = await changeStatus(db, moderator, p.id, move("discussion", "adoptee", { decision: { ...adoption(v1.id), decidingBody: "@AG, 12 mars" } }));
    if (!adopted.ok) throw new Error("not adopted");
    const record = await findDecisionRecord(db, viewerOf(moderator), adopted.decisionId!);
    if (!record || record === "members-only") throw new Error("no record");
    const markdown = decisionMarkdown(record, "https://echanges.example.org");
    expect(markdown).toContain(`# Décision n° ${adopted.decisionId} — =Statuts de l'association`);
    expect(markdown).toContain("- Date : 2026-03-12");
    expect(markdown).toContain("- Votes : Pour : 14 · Contre : 1 · Abstentions : 1");
    expect(markdown).toContain(`https://echanges.example.org/gouvernance/decisions/${adopted.decisionId}`);
    expect(markdown).toContain("## Texte adopté (version 1)");
    expect(markdown).toContain("## Article 3 — Cotisations");
    const csv = registerCsv(await listRegister(db, viewerOf(moderator), { status: null, topic: null, year: null }), "https://echanges.example.org");
    const line = csv.split("\r\n")[1]!;
    expect(line).toContain("'=Statuts");
    expect(line).toContain("'@AG");
    expect(line).not.toMatch(/(^|,)[=+\-@]/);
  });

  it("search filters by statut:", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const p1 = await proposal(db, moderator, { title: "Statuts de la coopération numérique" });
    const p2 = await proposal(db, moderator, { title: "Charte de la coopération numérique" });
    await makeThread(db, moderator, { title: "Discussion sur la coopération numérique" });
    await changeStatus(db, moderator, p2.id, move("proposition", "discussion"));
    const search = async (q: string) => (await loadSearchPage(db, viewerOf(moderator), readSearchRequest(new URLSearchParams({ q })))).hits.map((h) => h.threadId);
    expect(await search("coopération statut:discussion")).toEqual([p2.id]);
    expect(await search("coopération statut:proposition")).toEqual([p1.id]);
    expect(await search("statut:proposition")).toEqual([p1.id]);
    // The form control reads the same.
    const page = await loadSearchPage(db, viewerOf(moderator), readSearchRequest(new URLSearchParams({ q: "coopération", statut: "en-discussion" })));
    expect(page.hits.map((h) => h.threadId)).toEqual([p2.id]);
  });

  it("/gouvernance costs a fixed number of queries whatever the proposals and decisions", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    let count = 0;
    const counting = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: current().handle.pool }),
      log: (event) => {
        if (event.level === "query") count++;
      },
    });
    const measure = async () => {
      count = 0;
      await loadGovernancePage(counting, { ...viewerOf(moderator), email: "", displayName: "", collectiviteId: null, lastSeenAt: null }, { status: null, topic: "gouvernance", year: null }, null);
      return count;
    };
    const decideOne = async () => {
      const p = await proposal(db, moderator);
      await changeStatus(db, moderator, p.id, move("proposition", "discussion"));
      await changeStatus(db, moderator, p.id, move("discussion", "rejetee", { decision: adoption(null) }));
    };
    await decideOne();
    const one = await measure();
    for (let i = 0; i < 4; i++) await decideOne();
    expect(await measure()).toBe(one);
  });
});
