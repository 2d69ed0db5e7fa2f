import { Kysely, PostgresDialect, sql } from "kysely";
import { expect, it } from "vitest";

import { editPost } from "../../app/forum/post-editing.server";
import { createReply, deletePost } from "../../app/forum/posts.server";
import { setThreadVisibility } from "../../app/forum/threads.server";
import type { Viewer } from "../../app/forum/viewer";
import { parseSearchQuery } from "../../app/search/query-parser";
import { formatSearchQuery } from "../../app/search/query-format";
import { readSearchRequest } from "../../app/search/search-params";
import { loadSearchPage } from "../../app/search/search-page.server";
import { searchPosts } from "../../app/search/search.server";
import { suggestTitles } from "../../app/search/suggestions.server";
import type { Database } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, tagIds, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

/** `/recherche?q=…` as the page loads it, for a viewer (null: an anonymous visitor). */
async function search(db: Kysely<Database>, viewer: Viewer | null, q: string, extra: Record<string, string> = {}) {
  return loadSearchPage(db, viewer, readSearchRequest(new URLSearchParams({ q, ...extra })));
}


describeOnEachDatabase("search: language", ({ current }) => {
  it("stems and ignores accents and case: « collège » finds « colleges » and the reverse", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const thread = await makeThread(db, author, { title: "Équipement numérique des établissements", body: "Nous avons équipé tous les colleges du département." });
    for (const q of ["collège", "COLLÈGES", "Colleges", "college"]) {
      const page = await search(db, viewer, q);
      expect(page.hits.map((h) => h.threadId), q).toEqual([thread.id]);
      expect(page.hits[0]!.excerptHtml).toContain("<mark>colleges</mark>");
    }
    const accents = await search(db, viewer, "equipement numerique");
    expect(accents.hits[0]?.titleHtml).toBe("<mark>Équipement</mark> <mark>numérique</mark> des établissements");
  });

  it("finds an exact phrase, not the same words apart", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const together = await makeThread(db, author, { title: "Le quetzal vert, premier fil", body: "Parlons du socle quetzalien et du plumage vert." });
    await makeThread(db, author, { title: "Le quetzal, second fil", body: "Un plumage bleu, jamais vert, pour ce quetzal." });
    expect((await search(db, viewer, '"plumage vert"')).hits.map((h) => h.threadId)).toEqual([together.id]);
    expect((await search(db, viewer, "plumage vert")).total).toBe(2);
  });

  it("excludes words and phrases, and ORs terms", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const a = await makeThread(db, author, { title: "Tapir et budget", body: "Le tapir coûte cher." });
    const b = await makeThread(db, author, { title: "Tapir et formation", body: "Le tapir apprend vite." });
    const c = await makeThread(db, author, { title: "Ocelot et formation", body: "L'ocelot apprend aussi." });
    expect((await search(db, viewer, "tapir -budget")).hits.map((h) => h.threadId)).toEqual([b.id]);
    expect((await search(db, viewer, 'tapir -"coûte cher"')).hits.map((h) => h.threadId)).toEqual([b.id]);
    expect((await search(db, viewer, "tapir OR ocelot")).hits.map((h) => h.threadId).sort()).toEqual([a.id, b.id, c.id].sort());
    expect((await search(db, viewer, "apprend tapir OR ocelot")).hits.map((h) => h.threadId).sort()).toEqual([b.id, c.id].sort());
  });

  it("gives one result per thread, its best-matching post, and links to that post", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const thread = await makeThread(db, author, { title: "Un fil sur les lamantins", body: "Ouverture sans le mot." });
    await createReply(db, viewer, thread.id, "Une réponse qui parle une fois de mangrove.");
    const best = await createReply(db, viewer, thread.id, "Mangrove, mangrove, mangrove : la réponse la plus pertinente sur la mangrove.");
    await createReply(db, viewer, thread.id, "Encore une réponse sur la mangrove.");
    const page = await search(db, viewer, "mangrove");
    expect(page.total).toBe(1);
    expect(page.hits).toHaveLength(1);
    expect(page.hits[0]).toMatchObject({ threadId: thread.id, postId: best.ok ? best.postId : -1, position: 3 });
    expect(page.hits[0]!.excerptHtml).toContain("<mark>Mangrove</mark>");
  });

  it("escapes the post's text before highlighting: a <script> comes back as text", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    await makeThread(db, author, {
      title: "Un titre avec <b>balise</b> et zorille",
      body: 'Texte zorille <script>alert("zorille")</script> <img src=x onerror=alert(1)> & fin.',
    });
    const page = await search(db, viewer, "zorille");
    const hit = page.hits[0]!;
    expect(hit.excerptHtml).not.toMatch(/<(?!\/?mark>)/);
    expect(hit.excerptHtml).toContain("&lt;script&gt;");
    expect(hit.excerptHtml).toContain("<mark>zorille</mark>");
    expect(hit.titleHtml).toBe("Un titre avec &lt;b&gt;balise&lt;/b&gt; et <mark>zorille</mark>");
  });

  it("sorts by relevance with a tiebreak, or by date, and paginates without overlap", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(await makeThread(db, author, { title: `Fil numéro ${i} sur le narval`, body: `${"narval ".repeat(i + 1)}fin.` }));
    }
    const byDate = await search(db, viewer, "narval", { tri: "date" });
    expect(byDate.hits.map((h) => h.threadId)).toEqual(made.map((m) => m.id).reverse());
    const resolved = { topicIds: [], collectiviteIds: [], authorId: null };
    const query = parseSearchQuery("narval");
    const pages = [];
    for (let page = 1; page <= 3; page++) {
      pages.push(await searchPosts(db, viewer, { query, resolved, useText: true, sort: "pertinence", page, pageSize: 2 }));
    }
    expect(pages.map((p) => p.hits.length)).toEqual([2, 2, 1]);
    expect(pages.every((p) => p.total === 5 && !p.capped)).toBe(true);
    const ids = pages.flatMap((p) => p.hits.map((h) => h.threadId));
    expect(new Set(ids).size).toBe(5);
    // The post that says it five times ranks first.
    expect(ids[0]).toBe(made[4]!.id);
    const past = await searchPosts(db, viewer, { query, resolved, useText: true, sort: "pertinence", page: 9, pageSize: 2 });
    expect(past).toMatchObject({ hits: [], total: 5 });
  });

  it("ranks within the newest matches only, and says the total is a lower bound", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    for (let i = 0; i < 4; i++) await makeThread(db, author, { title: `Le dugong numéro ${i}`, body: "Un dugong." });
    const query = parseSearchQuery("dugong");
    const resolved = { topicIds: [], collectiviteIds: [], authorId: null };
    const capped = await searchPosts(db, viewer, { query, resolved, useText: true, sort: "pertinence", page: 1, window: 3 });
    expect(capped).toMatchObject({ total: 3, capped: true });
    const full = await searchPosts(db, viewer, { query, resolved, useText: true, sort: "pertinence", page: 1, window: 4 });
    expect(full).toMatchObject({ total: 4, capped: false });
  });
});

describeOnEachDatabase("search: filters", ({ current }) => {
  it("filters by thématique, collectivité, member, type, dates and titles", async () => {
    const db = current().db;
    const alex = await makeUser(db, "delegate");
    const sam = await makeUser(db, "delegate");
    const viewer = viewerOf(alex);
    const formation = await tagIds(db, ["seine-maritime"], ["formation"]);
    const one = await makeThread(db, alex, { ...formation, kind: "question", title: "Le okapi en formation", body: "Premier okapi." });
    const two = await makeThread(db, sam, { title: "Un autre fil", kind: "retour", body: "Deuxième okapi, tout seul." });
    await sql`update post set created_at = '2023-05-10T10:00:00Z' where thread_id = ${two.id}`.execute(db);

    const ids = async (q: string) => (await search(db, viewer, q)).hits.map((h) => h.threadId).sort();
    expect(await ids("okapi")).toEqual([one.id, two.id].sort());
    expect(await ids("okapi #formation")).toEqual([one.id]);
    expect(await ids("okapi collectivite:seine-maritime")).toEqual([one.id]);
    expect(await ids(`okapi @${sam.handle}`)).toEqual([two.id]);
    expect(await ids("okapi type:retour")).toEqual([two.id]);
    expect(await ids("okapi avant:2024-01-01")).toEqual([two.id]);
    expect(await ids("okapi apres:2024-01-01")).toEqual([one.id]);
    expect(await ids("okapi apres:2023-05-10 avant:2023-05-11")).toEqual([two.id]);
    expect(await ids("okapi dans:titre")).toEqual([one.id]);
    // Filters alone list the matching threads, newest first.
    expect(await ids(`@${sam.handle}`)).toContain(two.id);
    // The page's controls do the same as the query words.
    const page = await search(db, viewer, "okapi", { filtres: "", thematique: "formation" });
    expect(page.hits.map((h) => h.threadId)).toEqual([one.id]);
    expect(page.q).toBe("okapi #formation");
  });

  it("ignores unknown tags and members, and offers what is near", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    await makeThread(db, author, { title: "Le serval au collège", body: "Un serval." });
    const page = await search(db, viewer, "serval #formaton collectivite:atlantide @personne-0");
    expect(page.total).toBe(1);
    expect(page.q).toBe("serval");
    const notices = page.notices.join("\n");
    expect(notices).toContain("« #formaton » ignoré : thématique inconnue. Vouliez-vous dire « #formation » (Formation) ?");
    expect(notices).toContain("« collectivite:atlantide » ignoré : collectivité inconnue.");
    expect(notices).toContain("« @personne-0 » ignoré : aucun membre n'a cet identifiant.");
  });

  it("offers to drop each filter when nothing matches", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    await makeThread(db, author, { title: "Le fennec au lycée", body: "Un fennec." });
    const page = await search(db, viewer, "fennec type:gouvernance #financement");
    expect(page.total).toBe(0);
    expect(page.active.map((a) => [a.token, a.href])).toEqual([
      ["#financement", "/recherche?q=fennec+type%3Agouvernance"],
      ["type:gouvernance", "/recherche?q=fennec+%23financement"],
    ]);
  });
});

describeOnEachDatabase("search: permissions", ({ current }) => {
  it("shows visitors nothing of members-only threads: not in results, counts, excerpts or suggestions", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const moderator = await makeUser(db, "moderator");
    const member = viewerOf(author);
    const open = await makeThread(db, author, { title: "Le pangolin public", body: "Un pangolin visible." });
    await setThreadVisibility(db, viewerOf(moderator), open.id, "public");
    const closed = await makeThread(db, author, { title: "Le pangolin confidentiel et le xérus", body: "Un pangolin et un xérus réservés aux membres." });

    const anonymous = await search(db, null, "pangolin");
    expect(anonymous.hits.map((h) => h.threadId)).toEqual([open.id]);
    expect(anonymous.total).toBe(1);
    expect(JSON.stringify(anonymous)).not.toContain("confidentiel");
    expect((await search(db, null, "xérus")).total).toBe(0);
    expect((await search(db, null, "xerus")).didYouMean).toBeNull();
    expect((await search(db, null, "xerus")).similarTitles).toEqual([]);
    expect((await suggestTitles(db, null, "pangol")).map((s) => s.id)).toEqual([open.id]);
    expect((await suggestTitles(db, null, "confid")).map((s) => s.id)).toEqual([]);
    // A member who only wrote in members-only threads is unknown to visitors.
    const hidden = await makeUser(db, "delegate");
    await makeThread(db, hidden, { title: "Un fil de membre discret", body: "Rien de public." });
    expect((await search(db, null, `@${hidden.handle}`)).notices.join()).toContain("aucun membre");
    expect((await search(db, member, `@${hidden.handle}`)).total).toBeGreaterThan(0);

    const members = await search(db, member, "pangolin");
    expect(members.hits.map((h) => h.threadId).sort()).toEqual([open.id, closed.id].sort());
    expect((await suggestTitles(db, member, "confid")).map((s) => s.id)).toEqual([closed.id]);
  });

  it("never finds a deleted post, in results or excerpts", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const thread = await makeThread(db, author, { title: "Un fil sur le binturong", body: "Ouverture." });
    const reply = await createReply(db, viewer, thread.id, "Le mot secret est wapiti.");
    if (!reply.ok) throw new Error("reply");
    expect((await search(db, viewer, "wapiti")).total).toBe(1);
    expect(await deletePost(db, viewer, reply.postId)).toEqual({ threadDeleted: false });
    expect((await search(db, viewer, "wapiti")).total).toBe(0);
    const row = await db.selectFrom("post").select("search_vector").where("id", "=", reply.postId).executeTakeFirstOrThrow();
    expect(row.search_vector).toBeNull();
    // A later title change does not bring it back.
    await sql`update thread set title = 'Un fil sur le wapiti' where id = ${thread.id}`.execute(db);
    const page = await search(db, viewer, "wapiti");
    expect(page.hits.map((h) => h.postId)).not.toContain(reply.postId);
  });
});

describeOnEachDatabase("search: index freshness", ({ current }) => {
  it("follows an edit, a title change and a retag in the same transaction", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const thread = await makeThread(db, author, { title: "Premier titre du coati", body: "Le corps parle du gerfaut." });
    const reply = await createReply(db, viewer, thread.id, "Une réponse sans rapport.");
    if (!reply.ok) throw new Error("reply");
    const opening = await db.selectFrom("post").select(["id", "version"]).where("thread_id", "=", thread.id).where("position", "=", 1).executeTakeFirstOrThrow();

    expect((await search(db, viewer, "gerfaut")).total).toBe(1);
    const edited = await editPost(db, viewer, opening.id, { body: "Le corps parle maintenant du harfang.", baseVersion: opening.version, title: "Nouveau titre du kinkajou" });
    expect(edited.ok).toBe(true);
    expect((await search(db, viewer, "gerfaut")).total).toBe(0);
    expect((await search(db, viewer, "harfang")).total).toBe(1);
    expect((await search(db, viewer, "coati")).total).toBe(0);
    // The title vocabulary follows too.
    const vocabulary = await db.selectFrom("title_word").select("word").where("word", "in", ["coati", "kinkajou"]).execute();
    expect(vocabulary.map((w) => w.word)).toEqual(["kinkajou"]);
    // The new title reaches every post of the thread, the reply included.
    const vectors = await db.selectFrom("post").select(["id", "search_vector"]).where("thread_id", "=", thread.id).execute();
    expect(vectors.every((v) => v.search_vector?.includes("'kinkajou'"))).toBe(true);
    expect((await search(db, viewer, "kinkajou réponse")).hits.map((h) => h.postId)).toEqual([reply.postId]);
    expect((await search(db, viewer, "kinkajou dans:titre")).total).toBe(1);

    // Tags: searchable by name, and refreshed when they change.
    const accessibilite = await db.selectFrom("topic").select("id").where("slug", "=", "accessibilite").executeTakeFirstOrThrow();
    expect((await search(db, viewer, "kinkajou accessibilité")).total).toBe(0);
    await db.insertInto("thread_topic").values({ thread_id: thread.id, topic_id: accessibilite.id }).execute();
    expect((await search(db, viewer, "kinkajou accessibilité")).total).toBe(1);
    await db.deleteFrom("thread_topic").where("thread_id", "=", thread.id).where("topic_id", "=", accessibilite.id).execute();
    expect((await search(db, viewer, "kinkajou accessibilité")).total).toBe(0);
    const collectivite = await db.selectFrom("collectivite").select("id").where("slug", "=", "ile-de-france").executeTakeFirstOrThrow();
    await db.updateTable("collectivite").set({ name: "Île-de-France Lilie" }).where("id", "=", collectivite.id).execute();
    expect((await search(db, viewer, "kinkajou lilie")).total).toBe(1);
    await db.updateTable("collectivite").set({ name: "Île-de-France" }).where("id", "=", collectivite.id).execute();
    expect((await search(db, viewer, "kinkajou lilie")).total).toBe(0);
  });

  it("a refreshed vector equals a fresh one (title A, body B, tags C, filter lexemes)", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const thread = await makeThread(db, author, { title: "Titre du gecko", body: "Corps du gecko et du caracal.", kind: "question" });
    await sql`update thread set title = 'Titre du margay' where id = ${thread.id}`.execute(db);
    const { rows } = await sql<{ same: boolean; vector: string; topic: number; collectivite: number }>`
      select p.search_vector = (setweight(to_tsvector('french_unaccent', p.body_markdown), 'B') || thread_search_header(t.id, t.title, t.kind)) as same,
             p.search_vector::text as vector,
             (select topic_id from thread_topic where thread_id = t.id) as topic,
             (select collectivite_id from thread_collectivite where thread_id = t.id) as collectivite
      from post p join thread t on t.id = p.thread_id where t.id = ${thread.id}
    `.execute(db);
    const row = rows[0]!;
    expect(row.same).toBe(true);
    expect(row.vector).toMatch(/'margay':\d+A/);
    expect(row.vector).toMatch(/'caracal':\d+B/);
    expect(row.vector).toMatch(/'deploi':\d+C/);
    for (const lexeme of ["#kquestion", `#t${row.topic}`, `#c${row.collectivite}`]) {
      expect(row.vector).toContain(`'${lexeme}'`);
    }
  });

  it("follows a thread opened to visitors, and closed again", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const moderator = viewerOf(await makeUser(db, "moderator"));
    const thread = await makeThread(db, author, { title: "Le fil du tamanoir", body: "Un tamanoir." });
    await createReply(db, viewerOf(author), thread.id, "Un second tamanoir.");
    expect((await search(db, null, "tamanoir")).total).toBe(0);
    const publicFlags = () => db.selectFrom("post").select("public_thread").where("thread_id", "=", thread.id).execute();
    expect(await publicFlags()).toEqual([{ public_thread: false }, { public_thread: false }]);
    await setThreadVisibility(db, moderator, thread.id, "public");
    expect(await publicFlags()).toEqual([{ public_thread: true }, { public_thread: true }]);
    expect((await search(db, null, "tamanoir")).total).toBe(1);
    expect((await suggestTitles(db, null, "tamano")).map((s) => s.id)).toEqual([thread.id]);
    await setThreadVisibility(db, moderator, thread.id, "members");
    expect((await search(db, null, "tamanoir")).total).toBe(0);
    expect(await suggestTitles(db, null, "tamano")).toEqual([]);
    expect((await search(db, null, "tamanoirs")).didYouMean).toBeNull();
    const words = await db.selectFrom("title_word").select(["word", "thread_count", "public_count"]).where("word", "=", "tamanoir").execute();
    expect(words).toEqual([{ word: "tamanoir", thread_count: 1, public_count: 0 }]);
  });
});

describeOnEachDatabase("search: suggestions and bad input", ({ current }) => {
  it("suggests titles as one types: prefixes, stems and accents", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const thread = await makeThread(db, author, { title: "Généralisation de l'ENT dans les collèges", body: "x" });
    for (const typed of ["gé", "genera", "Généralisati", "collèges", "colleges ENT", "l'ent gene"]) {
      expect((await suggestTitles(db, viewer, typed)).map((s) => s.id), typed).toContain(thread.id);
    }
    expect(await suggestTitles(db, viewer, "g")).toEqual([]);
    expect(await suggestTitles(db, viewer, "' & | ! ( ) :*")).toEqual([]);
    for (let i = 0; i < 7; i++) await makeThread(db, author, { title: `Généralités numéro ${i}`, body: "x" });
    expect(await suggestTitles(db, viewer, "géné")).toHaveLength(5);
  });

  it("offers « Vouliez-vous dire » from title words when a word matches nothing", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const thread = await makeThread(db, author, { title: "Accessibilité des manuels numériques", body: "Rien d'autre." });
    const page = await search(db, viewer, "accesibilite manuels #formation");
    expect(page.total).toBe(0);
    expect(page.didYouMean?.q).toBe("accessibilité manuels #formation");
    expect(page.similarTitles.map((t) => t.id)).toContain(thread.id);
    const fixed = await search(db, viewer, page.didYouMean!.q.replace(" #formation", ""));
    expect(fixed.hits.map((h) => h.threadId)).toEqual([thread.id]);
  });

  it("answers every bad input with a page and a French hint, never an error", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    await makeThread(db, author, { title: "Un fil ordinaire", body: "Du texte ordinaire." });
    const cases: [string, string][] = [
      ["", "Tapez un ou plusieurs mots"],
      ["le la de", "Mots trop courants, ignorés : « le », « la », « de »"],
      ["-ordinaire", "que des exclusions"],
      ['"ordinaire texte', "Guillemet non fermé"],
      ["ordinaire couleur:rouge", "filtre inconnu"],
      ["ordinaire type:sondage", "types possibles"],
      ["ordinaire avant:2024-02-30", "date invalide"],
      ["ordinaire statut:perdue", "statuts possibles"],
      [`${"ordinaire ".repeat(220)}`, "raccourcie"],
      ["' \\ :* & | ! ( ) ordinaire", "Caractères ignorés"],
      ["'; drop table post; --", "Caractères ignorés"],
      ["\\x00 \u0000 ordinaire:* !!ordinaire", "Caractères ignorés"],
    ];
    for (const [q, hint] of cases) {
      const page = await search(db, viewer, q);
      expect(page.notices.join("\n"), q.slice(0, 40)).toContain(hint);
    }
    const attempt = await search(db, viewer, "' \\ :* & | ! ( ) ordinaire");
    expect(attempt.total).toBe(1);
    expect(formatSearchQuery(parseSearchQuery(attempt.q))).toBe("ordinaire");
    for (const q of ["ordinaire", "zz"]) {
      const extras: Record<string, string>[] = [{ page: "0" }, { page: "9999" }, { tri: "<script>" }, { type: "x", apres: "y", membre: "@@" }];
      for (const params of extras) {
        await expect(search(db, viewer, q, params)).resolves.toBeTruthy();
      }
    }
  });

  it("costs the same number of queries whatever the page size", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    for (let i = 0; i < 25; i++) await makeThread(db, author, { title: `Le caribou numéro ${i}`, body: "Un caribou." });
    let count = 0;
    const counting = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: current().handle.pool }),
      log: (event) => {
        if (event.level === "query") count++;
      },
    });
    const query = parseSearchQuery("caribou");
    const resolved = { topicIds: [], collectiviteIds: [], authorId: null };
    const counts = [];
    for (const pageSize of [1, 20]) {
      count = 0;
      const page = await searchPosts(counting, viewer, { query, resolved, useText: true, sort: "pertinence", page: 1, pageSize });
      expect(page.hits).toHaveLength(pageSize);
      counts.push(count);
    }
    // The results with their total, then the excerpts of the page.
    expect(counts).toEqual([2, 2]);
  });
});
