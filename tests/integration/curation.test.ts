import type { Kysely } from "kysely";
import { expect, it } from "vitest";

import { createCollectivite, findCollectiviteProfile, updateCollectiviteProfile } from "../../app/collectivites/profile.server";
import { emptyProfileForm, parseProfileForm, type ProfileFormValues, type ProfileInput } from "../../app/collectivites/profile-form";
import { readSearchRequest } from "../../app/search/search-params";
import { loadSearchPage } from "../../app/search/search-page.server";
import { createTopic, mergeTopic, resolveTopicSlug, updateTopic } from "../../app/topics/curation.server";
import { parseTopicForm, type TopicInput } from "../../app/topics/topic-form";
import type { Database, User } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/** Issue 9, items 12 and 13: thématiques and collectivités kept by moderators, every act journaled once. */

async function lastJournalId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The journal entries written since `since`, oldest first. */
async function journalSince(db: Kysely<Database>, since: number) {
  return db.selectFrom("audit_log").selectAll().where("id", ">", since).orderBy("id").execute();
}

function topic(name: string, description = ""): TopicInput {
  const parsed = parseTopicForm({ name, description });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.input;
}

function profile(values: Partial<ProfileFormValues>): { input: ProfileInput; slug: string } {
  const parsed = parseProfileForm({ ...emptyProfileForm, kind: "region", ...values }, { withSlug: true });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed;
}

async function search(db: Kysely<Database>, user: User, q: string) {
  return loadSearchPage(db, viewerOf(user), readSearchRequest(new URLSearchParams({ q })));
}

describeOnEachDatabase("curation: thématiques", ({ current }) => {
  it("creates a thématique with one journal entry holding its values", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const since = await lastJournalId(db);
    const result = await createTopic(db, moderator, topic("Cantines numériques", "Menus et réservations."));
    expect(result.ok).toBe(true);
    const created = await db.selectFrom("topic").selectAll().where("slug", "=", "cantines-numeriques").executeTakeFirstOrThrow();
    expect(created.description).toBe("Menus et réservations.");
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([["topic.created", moderator.id]]);
    expect(entries[0]!.details).toMatchObject({ topicId: created.id, after: { name: "Cantines numériques", slug: "cantines-numeriques" } });
  });

  it("refuses a name another thématique has, whatever its case and accents, and writes nothing", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const since = await lastJournalId(db);
    for (const name of ["FORMATION", "Formâtion", "socle-technique"]) {
      const result = await createTopic(db, moderator, topic(name));
      expect(result.ok, name).toBe(false);
      if (!result.ok) expect(result.errors.name, name).toMatch(/porte déjà ce nom/);
    }
    expect(await journalSince(db, since)).toEqual([]);
    expect(await db.selectFrom("topic").select("id").where("name", "in", ["FORMATION", "Formâtion", "socle-technique"]).execute()).toEqual([]);
  });

  it("renames and describes: the slug follows the name, the old slug answers 301, one entry with before and after", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const created = await createTopic(db, moderator, topic("Transports scolaires"));
    if (!created.ok) throw new Error("not created");
    const since = await lastJournalId(db);
    const result = await updateTopic(db, moderator, created.value.id, topic("Mobilité des élèves", "Cars et trajets."), created.value.version);
    expect(result.ok).toBe(true);
    expect(await resolveTopicSlug(db, "transports-scolaires")).toEqual({ redirectTo: "mobilite-des-eleves" });
    const live = await resolveTopicSlug(db, "mobilite-des-eleves");
    expect(live && "topic" in live ? live.topic.description : null).toBe("Cars et trajets.");
    const entries = await journalSince(db, since);
    expect(entries.map((e) => e.action)).toEqual(["topic.updated"]);
    expect(entries[0]!.details).toMatchObject({
      before: { name: "Transports scolaires", slug: "transports-scolaires", description: null },
      after: { name: "Mobilité des élèves", slug: "mobilite-des-eleves", description: "Cars et trajets." },
    });
    // Renamed back: the slug is live again, not a redirect to itself.
    const back = await updateTopic(db, moderator, created.value.id, topic("Transports scolaires"), created.value.version + 1);
    expect(back.ok).toBe(true);
    expect(await resolveTopicSlug(db, "transports-scolaires")).toMatchObject({ topic: { id: created.value.id } });
    expect(await resolveTopicSlug(db, "mobilite-des-eleves")).toEqual({ redirectTo: "transports-scolaires" });
  });

  it("refuses a stale form (someone changed the thématique meanwhile) and changes nothing", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const created = await createTopic(db, moderator, topic("Tablettes"));
    if (!created.ok) throw new Error("not created");
    expect((await updateTopic(db, moderator, created.value.id, topic("Tablettes", "Première description."), created.value.version)).ok).toBe(true);
    const since = await lastJournalId(db);
    const stale = await updateTopic(db, moderator, created.value.id, topic("Tablettes tactiles"), created.value.version);
    expect(stale.ok).toBe(false);
    if (!stale.ok) {
      expect(stale.status).toBe(409);
      expect(stale.errors.form).toMatch(/modifiée entre-temps/);
    }
    const row = await db.selectFrom("topic").selectAll().where("id", "=", created.value.id).executeTakeFirstOrThrow();
    expect([row.name, row.description]).toEqual(["Tablettes", "Première description."]);
    expect(await journalSince(db, since)).toEqual([]);
  });

  it("merges: threads move to the target without duplicate tags, old slugs answer 301, search follows, one entry", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const author = await makeUser(db, "delegate");
    const source = await createTopic(db, moderator, topic("Ordinateurs portables"));
    const target = await createTopic(db, moderator, topic("Équipement des élèves"));
    if (!source.ok || !target.ok) throw new Error("not created");
    // An older slug of the source, from a rename: it must follow the merge too.
    const renamed = await updateTopic(db, moderator, source.value.id, topic("Portables"), source.value.version);
    if (!renamed.ok) throw new Error("not renamed");
    const onlySource = await makeThread(db, author, { title: "Prêt de portables aux collégiens", body: "Le zorglub portatif est prêté.", topicIds: [source.value.id] });
    const both = await makeThread(db, author, { title: "Portables et équipement", body: "Un zorglub par élève.", topicIds: [source.value.id, target.value.id] });
    const since = await lastJournalId(db);

    const result = await mergeTopic(db, moderator, source.value.id, { targetId: target.value.id });
    expect(result.ok).toBe(true);
    if (result.ok) expect([result.value.moved, result.value.alreadyTagged]).toEqual([1, 1]);
    const tags = await db.selectFrom("thread_topic").selectAll().where("thread_id", "in", [onlySource.id, both.id]).orderBy("thread_id").execute();
    expect(tags).toEqual([
      { thread_id: onlySource.id, topic_id: target.value.id },
      { thread_id: both.id, topic_id: target.value.id },
    ]);
    expect(await db.selectFrom("topic").select("id").where("id", "=", source.value.id).execute()).toEqual([]);
    for (const old of ["ordinateurs-portables", "portables"]) {
      expect(await resolveTopicSlug(db, old), old).toEqual({ redirectTo: "equipement-des-eleves" });
    }
    const entries = await journalSince(db, since);
    expect(entries.map((e) => e.action)).toEqual(["topic.merged"]);
    expect(entries[0]!.details).toMatchObject({
      topicId: source.value.id,
      before: { name: "Portables", slug: "portables" },
      after: { id: target.value.id, name: "Équipement des élèves" },
      moved: 1,
      alreadyTagged: 1,
    });
    // The moved threads' posts are found by the target's filter, and carry its name.
    const found = await search(db, author, "#equipement-des-eleves zorglub");
    expect(found.hits.map((h) => h.threadId).sort()).toEqual([onlySource.id, both.id].sort());
    // Old slugs (the merged one's, and its name before the rename) still find them, with a notice.
    for (const old of ["portables", "ordinateurs-portables"]) {
      const viaOld = await search(db, author, `#${old} zorglub`);
      expect(viaOld.hits.map((h) => h.threadId).sort()).toEqual([onlySource.id, both.id].sort());
      expect(viaOld.notices).toEqual([`« #${old} » est devenue « #equipement-des-eleves » (Équipement des élèves) : les fils de cette thématique sont affichés.`]);
    }
    const vectors = await db.selectFrom("post").select("search_vector").where("thread_id", "=", onlySource.id).execute();
    expect(vectors[0]!.search_vector).toContain(`'#t${target.value.id}'`);
    expect(vectors[0]!.search_vector).not.toContain(`'#t${source.value.id}'`);
  });

  it("refuses merging a thématique into itself or into one that does not exist, and changes nothing", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const created = await createTopic(db, moderator, topic("Vidéoprojecteurs"));
    if (!created.ok) throw new Error("not created");
    const since = await lastJournalId(db);
    const itself = await mergeTopic(db, moderator, created.value.id, { targetId: created.value.id });
    expect(itself).toMatchObject({ ok: false, status: 400, errors: { targetId: "Une thématique ne peut pas être fusionnée avec elle-même." } });
    const nowhere = await mergeTopic(db, moderator, created.value.id, { targetId: 999_999 });
    expect(nowhere).toMatchObject({ ok: false, status: 400 });
    expect(await resolveTopicSlug(db, "videoprojecteurs")).toMatchObject({ topic: { id: created.value.id } });
    expect(await journalSince(db, since)).toEqual([]);
  });

  it("refuses délégués and observateurs with 403, journals each attempt once, and changes nothing", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const created = await createTopic(db, moderator, topic("Espaces de stockage"));
    const other = await createTopic(db, moderator, topic("Sauvegardes"));
    if (!created.ok || !other.ok) throw new Error("not created");
    for (const role of ["delegate", "observer"] as const) {
      const member = await makeUser(db, role);
      const since = await lastJournalId(db);
      const attempts = [
        await createTopic(db, member, topic("Intrusion")),
        await updateTopic(db, member, created.value.id, topic("Renommée"), created.value.version),
        await mergeTopic(db, member, created.value.id, { targetId: other.value.id }),
      ];
      expect(attempts.map((a) => (a.ok ? 200 : a.status))).toEqual([403, 403, 403]);
      const entries = await journalSince(db, since);
      expect(entries.map((e) => [e.action, e.actor_id])).toEqual(Array(3).fill(["moderation.refused", member.id]));
      expect(entries.map((e) => e.details.act)).toEqual(["topic.create", "topic.update", "topic.merge"]);
    }
    expect(await resolveTopicSlug(db, "espaces-de-stockage")).toMatchObject({ topic: { name: "Espaces de stockage" } });
    expect(await resolveTopicSlug(db, "intrusion")).toBeNull();
  });
});

describeOnEachDatabase("curation: collectivités", ({ current }) => {
  it("adds a collectivité with its profile, who added it, and one journal entry", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const since = await lastJournalId(db);
    const { input, slug } = profile({ name: "Ville de Lyon", kind: "commune", launchDate: "09/2012", websiteUrl: "https://ent.example.org/lyon", establishmentCount: "1 204" });
    const result = await createCollectivite(db, moderator, input, slug);
    expect(result.ok).toBe(true);
    const row = await findCollectiviteProfile(db, "ville-de-lyon");
    expect(row).toMatchObject({ kind: "commune", launch_date: "2012-09", establishment_count: 1204, updated_by: moderator.id, updatedByName: moderator.display_name });
    const entries = await journalSince(db, since);
    expect(entries.map((e) => e.action)).toEqual(["collectivite.created"]);
    expect(entries[0]!.details).toMatchObject({ slug: "ville-de-lyon", after: { name: "Ville de Lyon", website_url: "https://ent.example.org/lyon" } });
  });

  it("refuses a taken address and a name a collectivité of the same kind has", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator");
    const since = await lastJournalId(db);
    const taken = profile({ name: "Autre Île-de-France", slug: "ile-de-france" });
    expect(await createCollectivite(db, moderator, taken.input, taken.slug)).toMatchObject({ ok: false, status: 400, errors: { slug: expect.stringMatching(/déjà celle de « Île-de-France »/) } });
    const twin = profile({ name: "ILE-DE-FRANCE", slug: "idf-bis" });
    expect(await createCollectivite(db, moderator, twin.input, twin.slug)).toMatchObject({ ok: false, status: 400, errors: { name: expect.stringMatching(/porte déjà ce nom/) } });
    expect(await journalSince(db, since)).toEqual([]);
  });

  it("updates a profile: the changed fields journaled before and after, who and when remembered", async () => {
    const db = current().db;
    const moderator = await makeUser(db, "moderator", { displayName: "Camille Modératrice" });
    const before = (await findCollectiviteProfile(db, "seine-maritime"))!;
    const since = await lastJournalId(db);
    const { input } = profile({ name: before.name, kind: before.kind, entName: "Arsène 76", establishmentCount: "160", launchDate: "2012", phase: "generalisation", description: before.description ?? "" });
    const result = await updateCollectiviteProfile(db, moderator, before.id, input, before.version);
    expect(result.ok).toBe(true);
    const after = (await findCollectiviteProfile(db, "seine-maritime"))!;
    expect(after).toMatchObject({ ent_name: "Arsène 76", establishment_count: 160, launch_date: "2012", phase: "generalisation", version: before.version + 1, updatedByName: "Camille Modératrice" });
    expect(new Date(after.updated_at).getTime()).toBeGreaterThan(new Date(before.updated_at).getTime());
    const entries = await journalSince(db, since);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([["collectivite.updated", moderator.id]]);
    expect(entries[0]!.details).toEqual({
      collectiviteId: before.id,
      slug: "seine-maritime",
      name: "Seine-Maritime",
      before: { ent_name: null, establishment_count: null, launch_date: null, phase: "pilote" },
      after: { ent_name: "Arsène 76", establishment_count: 160, launch_date: "2012", phase: "generalisation" },
    });
    // Saving the same values again is no act: nothing written.
    const again = await updateCollectiviteProfile(db, moderator, before.id, input, after.version);
    expect(again.ok).toBe(true);
    expect(await journalSince(db, since)).toHaveLength(1);
  });

  it("refuses a stale profile form, says who changed it, and changes nothing", async () => {
    const db = current().db;
    const first = await makeUser(db, "moderator", { displayName: "Première Modératrice" });
    const second = await makeUser(db, "moderator");
    const base = (await findCollectiviteProfile(db, "haute-normandie"))!;
    const mine = profile({ name: base.name, kind: base.kind, integrator: "Intégrateur A" });
    expect((await updateCollectiviteProfile(db, first, base.id, mine.input, base.version)).ok).toBe(true);
    const since = await lastJournalId(db);
    const theirs = profile({ name: base.name, kind: base.kind, integrator: "Intégrateur B" });
    const stale = await updateCollectiviteProfile(db, second, base.id, theirs.input, base.version);
    expect(stale).toMatchObject({ ok: false, status: 409, errors: { form: expect.stringMatching(/modifié entre-temps/) } });
    if (!stale.ok && stale.status === 409) expect(stale.current).toMatchObject({ integrator: "Intégrateur A", updatedByName: "Première Modératrice" });
    expect((await findCollectiviteProfile(db, "haute-normandie"))!.integrator).toBe("Intégrateur A");
    expect(await journalSince(db, since)).toEqual([]);
  });

  it("refuses délégués and observateurs with 403, journals each attempt once, and changes nothing", async () => {
    const db = current().db;
    const base = (await findCollectiviteProfile(db, "ville-de-paris"))!;
    for (const role of ["delegate", "observer"] as const) {
      const member = await makeUser(db, role);
      const since = await lastJournalId(db);
      const created = profile({ name: "Collectivité pirate", kind: "autre" });
      const changed = profile({ name: base.name, kind: base.kind, entName: "Piraté" });
      const attempts = [
        await createCollectivite(db, member, created.input, created.slug),
        await updateCollectiviteProfile(db, member, base.id, changed.input, base.version),
      ];
      expect(attempts.map((a) => (a.ok ? 200 : a.status))).toEqual([403, 403]);
      const entries = await journalSince(db, since);
      expect(entries.map((e) => [e.action, e.actor_id, e.details.act])).toEqual([
        ["moderation.refused", member.id, "collectivite.create"],
        ["moderation.refused", member.id, "collectivite.update"],
      ]);
    }
    expect((await findCollectiviteProfile(db, "ville-de-paris"))!.ent_name).toBeNull();
    expect(await findCollectiviteProfile(db, "collectivite-pirate")).toBeUndefined();
  });
});
