import v8 from "node:v8";
import { runInNewContext } from "node:vm";

import { sql, type Kysely } from "kysely";
import sharp from "sharp";
import { strToU8, zipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";

import { findReadableFile } from "../../app/files/access.server";
import { fileMarkdown, MAX_FILE_BYTES } from "../../app/files/limits";
import { normalizeFileName } from "../../app/files/names";
import { serveFile } from "../../app/files/serve.server";
import { PgFileStore } from "../../app/files/store.server";
import { uploadStream, type UploadResult } from "../../app/files/upload.server";
import { editPost } from "../../app/forum/post-editing.server";
import { createReply, deletePost } from "../../app/forum/posts.server";
import { checkBody, type Errors } from "../../app/forum/validation";
import type { Viewer } from "../../app/forum/viewer";
import { runMaintenance } from "../../app/maintenance.server";
import { renderMarkdown } from "../../app/markdown/render.server";
import { loadSearchPage } from "../../app/search/search-page.server";
import { readSearchRequest } from "../../app/search/search-params";
import type { Database } from "../../db/schema";
import { describeOnEachDatabase } from "./support/databases";
import { chunksOf, collect, image, jpegWithGps, odf, ooxml, pdf } from "./support/files";
import { makeThread, viewerOf } from "./support/forum";
import { makeUser } from "./support/users";

async function upload(db: Kysely<Database>, viewer: Viewer, data: Buffer, name: string): Promise<UploadResult> {
  return uploadStream(db, viewer, chunksOf(data), name);
}

async function uploaded(db: Kysely<Database>, viewer: Viewer, data: Buffer, name: string) {
  const result = await upload(db, viewer, data, name);
  if (!result.ok) throw new Error(result.message);
  return result.file;
}

function get(path: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${path}`, { headers });
}

async function bodyOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

describe("file names", () => {
  it("keep no path, no control characters, NFC, and a bounded length with their extension", () => {
    expect(normalizeFileName("../../etc/passwd")).toBe("passwd");
    expect(normalizeFileName("C:\\Users\\x\\bilan.pdf")).toBe("bilan.pdf");
    expect(normalizeFileName("be\u0301ne\u0301fices\u0000\u202e.pdf")).toBe("bénéfices.pdf");
    expect(normalizeFileName("...")).toBe("fichier");
    const long = normalizeFileName(`${"a".repeat(500)}.pdf`);
    expect(long.length).toBe(120);
    expect(long.endsWith(".pdf")).toBe(true);
  });
});

describeOnEachDatabase("files: accepted types and refusals", ({ current }) => {
  it("accepts each accepted type, decided from the bytes", async () => {
    const db = current().db;
    const viewer = viewerOf(await makeUser(db, "delegate"));
    const cases: [Buffer, string, string][] = [
      [await image("png"), "a.png", "image/png"],
      [await image("jpeg"), "a.jpg", "image/jpeg"],
      [await image("webp"), "a.webp", "image/webp"],
      [await image("gif"), "a.gif", "image/gif"],
      [pdf("Bilan"), "bilan.pdf", "application/pdf"],
      [odf("odt", "texte"), "a.odt", "application/vnd.oasis.opendocument.text"],
      [odf("ods", "tableur"), "a.ods", "application/vnd.oasis.opendocument.spreadsheet"],
      [odf("odp", "diapos"), "a.odp", "application/vnd.oasis.opendocument.presentation"],
      [ooxml("docx", "mot"), "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      [ooxml("xlsx", "classeur"), "a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      [ooxml("pptx", "diapo"), "a.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
      [Buffer.from("collège;élèves\nA;12\n"), "couts.csv", "text/csv"],
      [Buffer.from("Compte rendu de la réunion.\n"), "notes.txt", "text/plain"],
    ];
    for (const [data, name, mime] of cases) {
      const result = await upload(db, viewer, data, name);
      expect(result.ok ? result.file.mime : result.message, name).toBe(mime);
    }
    const odt = await db.selectFrom("file").select("extracted_text").where("name", "=", "a.odt").executeTakeFirstOrThrow();
    expect(odt.extracted_text).toBe("texte");
    const docx = await db.selectFrom("file").select("extracted_text").where("name", "=", "a.docx").executeTakeFirstOrThrow();
    expect(docx.extracted_text).toBe("mot");
  });

  it("refuses markup renamed, mismatched extensions, unknown binaries, corrupt images, NULs, empty files", async () => {
    const db = current().db;
    const viewer = viewerOf(await makeUser(db, "delegate"));
    const refusals: [Buffer, string, RegExp][] = [
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "photo.png", /HTML, SVG|pas accepté/],
      [Buffer.from("<!doctype html><html><script>alert(1)</script></html>"), "photo.png", /HTML, SVG/],
      [await image("png"), "rapport.pdf", /ne correspond pas à son extension « \.pdf »/],
      [Buffer.from(zipSync({ "a.txt": strToU8("x") })), "archive.zip", /n'est pas accepté/],
      [Buffer.concat([(await image("png")).subarray(0, 40), Buffer.alloc(200, 7)]), "casse.png", /illisible ou endommagée/],
      [Buffer.from("du texte\u0000 binaire"), "a.txt", /n'est pas accepté/],
      [Buffer.from([0xc3, 0x28, 0x41, 0x42]), "a.txt", /n'est pas accepté/],
      [Buffer.alloc(0), "vide.txt", /vide/],
    ];
    for (const [data, name, message] of refusals) {
      const result = await upload(db, viewer, data, name);
      expect(result.ok, name).toBe(false);
      if (!result.ok) {
        expect(result.status).toBe(400);
        expect(result.message, name).toMatch(message);
      }
    }
    expect(await db.selectFrom("file").select("id").where("uploader_id", "=", viewer.id).execute()).toEqual([]);
  });

  it("refuses a file over 20 MB while it streams (413), and an observer's upload", async () => {
    const db = current().db;
    const viewer = viewerOf(await makeUser(db, "delegate"));
    let sent = 0;
    async function* endless() {
      const block = Buffer.alloc(1024 * 1024, 0x61);
      for (;;) {
        sent += block.length;
        yield block;
      }
    }
    const result = await uploadStream(db, viewer, endless(), "gros.txt");
    expect(result).toMatchObject({ ok: false, status: 413, message: expect.stringMatching(/20 Mo/) });
    expect(sent).toBeLessThanOrEqual(MAX_FILE_BYTES + 1024 * 1024);
    const observer = viewerOf(await makeUser(db, "observer"));
    expect(await upload(db, observer, Buffer.from("texte"), "a.txt")).toMatchObject({ ok: false, status: 403 });
  });

  afterEach(() => {
    delete process.env.FILE_QUOTA_MB;
  });

  it("refuses an upload past the member's quota", async () => {
    const db = current().db;
    const viewer = viewerOf(await makeUser(db, "delegate"));
    process.env.FILE_QUOTA_MB = "1";
    await uploaded(db, viewer, Buffer.alloc(700 * 1024, 0x62), "a.txt");
    const result = await upload(db, viewer, Buffer.alloc(400 * 1024, 0x63), "b.txt");
    expect(result).toMatchObject({ ok: false, status: 413, message: expect.stringMatching(/quota de fichiers \(1 Mo\)/) });
  });

  it("keeps an Office file whose zip is a bomb, without text", async () => {
    const db = current().db;
    const viewer = viewerOf(await makeUser(db, "delegate"));
    // 24 MB of one letter (past the 20 MB bound) inflates from a few tens of kilobytes.
    const bomb = ooxml("docx", "", new Uint8Array(24 * 1024 * 1024).fill(0x41));
    expect(bomb.length).toBeLessThan(256 * 1024);
    const file = await uploaded(db, viewer, bomb, "bombe.docx");
    const row = await db.selectFrom("file").select("extracted_text").where("id", "=", file.id).executeTakeFirstOrThrow();
    expect(row.extracted_text).toBeNull();
  });
});

describeOnEachDatabase("files: images", ({ current }) => {
  it("re-encodes a photo: GPS and every EXIF tag gone, orientation applied, a display version with its size", async () => {
    const db = current().db;
    const viewer = viewerOf(await makeUser(db, "delegate"));
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const file = await uploaded(db, viewer, original, "photo.jpg");
    const row = await db.selectFrom("file").selectAll().where("id", "=", file.id).executeTakeFirstOrThrow();
    const stored = await collect(new PgFileStore(db).read(row.sha256, { start: 0, end: row.size - 1 }));
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect((await sharp(original).metadata()).orientation).toBe(6);
    // Orientation 6 (rotate 90°): 80×40 becomes 40×80.
    expect([meta.width, meta.height]).toEqual([40, 80]);
    expect([row.width, row.height, row.display_width, row.display_height]).toEqual([40, 80, 40, 80]);
  });

  it("bounds the display version to 1200 px wide and renders posts' images with their size", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const file = await uploaded(db, viewerOf(author), await image("png", 2400, 600), "capture.png");
    const row = await db.selectFrom("file").selectAll().where("id", "=", file.id).executeTakeFirstOrThrow();
    expect([row.width, row.display_width, row.display_height]).toEqual([2400, 1200, 300]);
    const thread = await makeThread(db, author, { body: `Voici l'écran :\n\n${fileMarkdown(file, "L'écran d'accueil de l'ENT")}` });
    const post = await db.selectFrom("post").select("body_html").where("thread_id", "=", thread.id).executeTakeFirstOrThrow();
    expect(post.body_html).toContain(
      `<a rel="nofollow ugc noopener" href="/fichiers/${file.id}/capture.png"><img src="/fichiers/${file.id}/capture.png?v=affichage" alt="L'écran d'accueil de l'ENT" width="1200" height="300" /></a>`,
    );
    expect(renderMarkdown("![x](https://tiers.example/pixel.png) ![y](//tiers.example/a.png) ![z](/fichiers/../admin)")).not.toContain("<img");
  });

  it("asks for a description of every image before publishing", () => {
    const errors: Errors = {};
    checkBody("Texte\n\n![](/fichiers/6f1c1a52-9d0e-4d3a-9a55-0f7c3f1c2b11/a.png)", errors);
    expect(errors.body).toMatch(/n'a pas de description/);
  });
});

describeOnEachDatabase("files: storage and serving", ({ current }) => {
  it("stores the same bytes once", async () => {
    const db = current().db;
    const viewer = viewerOf(await makeUser(db, "delegate"));
    const data = Buffer.alloc(600 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = 0x61 + ((i * 7919) % 26);
    const count = async (table: "file_chunk" | "file_content") =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const a = await uploaded(db, viewer, data, "a.csv");
    const [chunks, parts] = [await count("file_chunk"), await count("file_content")];
    expect(parts).toBe(3);
    const b = await uploaded(db, viewerOf(await makeUser(db, "delegate")), data, "b.csv");
    expect(a.id).not.toBe(b.id);
    expect([await count("file_chunk"), await count("file_content")]).toEqual([chunks, parts]);
  });

  it("answers Range (206, 416) and ETag (304), with the serving policy's headers", async () => {
    const db = current().db;
    const viewer = viewerOf(await makeUser(db, "delegate"));
    const data = Buffer.from("0123456789".repeat(40_000));
    const file = await uploaded(db, viewer, data, "chiffres.txt");
    const found = (await findReadableFile(db, viewer, file.id))!;
    const store = new PgFileStore(db);
    const path = `/fichiers/${file.id}/chiffres.txt`;

    const whole = serveFile(get(path), found, store, "original");
    expect(whole.status).toBe(200);
    expect(whole.headers.get("x-content-type-options")).toBe("nosniff");
    expect(whole.headers.get("content-security-policy")).toMatch(/^sandbox/);
    expect(whole.headers.get("content-disposition")).toMatch(/^attachment; filename="chiffres.txt"/);
    expect(whole.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect((await bodyOf(whole)).equals(data)).toBe(true);

    const across = serveFile(get(path, { range: "bytes=262140-262149" }), found, store, "original");
    expect(across.status).toBe(206);
    expect(across.headers.get("content-range")).toBe(`bytes 262140-262149/${data.length}`);
    expect((await bodyOf(across)).toString()).toBe(data.subarray(262140, 262150).toString());
    const suffix = serveFile(get(path, { range: "bytes=-5" }), found, store, "original");
    expect((await bodyOf(suffix)).toString()).toBe("56789");
    const outside = serveFile(get(path, { range: `bytes=${data.length}-` }), found, store, "original");
    expect(outside.status).toBe(416);
    expect(outside.headers.get("content-range")).toBe(`bytes */${data.length}`);

    const etag = whole.headers.get("etag")!;
    expect(serveFile(get(path, { "if-none-match": etag }), found, store, "original").status).toBe(304);
    expect(serveFile(get(path, { "if-none-match": '"autre"' }), found, store, "original").status).toBe(200);

    const picture = await uploaded(db, viewer, await image("png"), "image.png");
    const shown = serveFile(get("/"), (await findReadableFile(db, viewer, picture.id))!, store, "display");
    expect(shown.headers.get("content-disposition")).toMatch(/^inline/);
    expect(shown.headers.get("content-type")).toBe("image/png");
  });

  it("streams a 20 MB file in and out without holding it in memory", async () => {
    const db = current().db;
    const viewer = viewerOf(await makeUser(db, "delegate"));
    const line = Buffer.from("Ligne de tableau;12;34;56\n");
    const size = MAX_FILE_BYTES - (MAX_FILE_BYTES % line.length);
    async function* generated() {
      const block = Buffer.concat(Array.from({ length: 2520 }, () => line));
      for (let sent = 0; sent < size; sent += block.length) yield block.subarray(0, Math.min(block.length, size - sent));
    }
    // Live memory only, not garbage waiting for a collection: two full collections before each sample
    // (V8 frees array buffers' memory on a background sweeper, which the second one waits for). PGlite
    // keeps the database itself in this process's WebAssembly memory: there, only the heap counts.
    v8.setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const measure = () => {
      gc();
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + (current().backend === "postgresql" ? usage.arrayBuffers : 0);
    };
    const before = measure();
    let peak = before;
    const samples = { upload: 0, download: 0 };
    const sample = (phase: keyof typeof samples) => {
      peak = Math.max(peak, measure());
      samples[phase]++;
    };
    // Sampled while the upload runs (a timer: it happens inside the domain) and at every 16th chunk
    // read back, so neither phase can end between two samples.
    let sampler: NodeJS.Timeout | undefined;
    const tick = () => {
      sample("upload");
      sampler = setTimeout(tick, 25);
    };
    sampler = setTimeout(tick, 0);
    try {
      const result = await uploadStream(db, viewer, generated(), "grand.csv");
      clearTimeout(sampler);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const found = (await findReadableFile(db, viewer, result.file.id))!;
      const response = serveFile(get("/"), found, new PgFileStore(db), "original");
      let received = 0;
      let chunks = 0;
      const reader = response.body!.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value.length;
        if (++chunks % 16 === 0) sample("download");
      }
      expect(received).toBe(size);
    } finally {
      clearTimeout(sampler);
    }
    expect(samples.upload).toBeGreaterThanOrEqual(3);
    expect(samples.download).toBeGreaterThanOrEqual(3);
    expect((peak - before) / (1024 * 1024)).toBeLessThan(8);
  }, 120_000);
});

describeOnEachDatabase("files: permissions follow the posts", ({ current }) => {
  it("unpublished: the uploader alone; then the thread's readers; hidden and deleted posts take their files away", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const other = viewerOf(await makeUser(db, "delegate"));
    const moderator = viewerOf(await makeUser(db, "moderator"));
    const file = await uploaded(db, viewerOf(author), pdf("Rapport"), "rapport.pdf");
    expect(await findReadableFile(db, viewerOf(author), file.id)).not.toBeNull();
    expect(await findReadableFile(db, other, file.id)).toBeNull();
    expect(await findReadableFile(db, moderator, file.id)).toBeNull();
    expect(await findReadableFile(db, null, file.id)).toBeNull();

    // Another member cannot publish someone else's unpublished file by naming it.
    const thief = await makeThread(db, await makeUser(db, "delegate"), { body: fileMarkdown(file) });
    expect(await db.selectFrom("post_file").selectAll().innerJoin("post", "post.id", "post_file.post_id").where("post.thread_id", "=", thief.id).execute()).toEqual([]);

    const thread = await makeThread(db, author, { body: `Le bilan : ${fileMarkdown(file)}`, visibility: "members" } as never);
    await db.updateTable("thread").set({ visibility: "members" }).where("id", "=", thread.id).execute();
    expect(await findReadableFile(db, other, file.id)).not.toBeNull();
    expect(await findReadableFile(db, null, file.id)).toBeNull();
    await db.updateTable("thread").set({ visibility: "public" }).where("id", "=", thread.id).execute();
    expect(await findReadableFile(db, null, file.id)).not.toBeNull();

    const post = await db.selectFrom("post").select("id").where("thread_id", "=", thread.id).executeTakeFirstOrThrow();
    await db.updateTable("post").set({ hidden_at: sql<Date>`now()` }).where("id", "=", post.id).execute();
    expect(await findReadableFile(db, other, file.id)).toBeNull();
    expect(await findReadableFile(db, moderator, file.id)).not.toBeNull();
    await db.updateTable("post").set({ hidden_at: null }).where("id", "=", post.id).execute();

    const reply = await createReply(db, viewerOf(author), thread.id, "Une réponse pour garder le fil.");
    expect(reply.ok).toBe(true);
    expect(await deletePost(db, viewerOf(author), post.id)).not.toBeNull();
    expect(await findReadableFile(db, other, file.id)).toBeNull();
    expect(await findReadableFile(db, viewerOf(author), file.id)).toBeNull();
    expect(await findReadableFile(db, null, "00000000-0000-0000-0000-000000000000")).toBeNull();
  });
});

describeOnEachDatabase("files: search and clean-up", ({ current }) => {
  it("finds a post by a word only its PDF contains, « dans la pièce jointe »", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const file = await uploaded(db, viewerOf(author), pdf("Le bilan mentionne les ornithorynques du lycee"), "bilan.pdf");
    const thread = await makeThread(db, author, { title: "Bilan de la rentrée", body: `Le bilan complet : ${fileMarkdown(file)}` });
    const page = await loadSearchPage(db, viewerOf(author), readSearchRequest(new URLSearchParams({ q: "ornithorynque" })));
    expect(page.hits.map((h) => h.threadId)).toEqual([thread.id]);
    expect(page.hits[0]!.attachmentName).toBe("bilan.pdf");
    expect(page.hits[0]!.excerptHtml).toContain("<mark>ornithorynques</mark>");
    // The body still ranks first where it matches: "bilan" is in the post itself.
    const own = await loadSearchPage(db, viewerOf(author), readSearchRequest(new URLSearchParams({ q: "complet" })));
    expect(own.hits[0]!.attachmentName).toBeNull();
  });

  it("removes files never published after 24 h, keeps those of any revision", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const viewer = viewerOf(author);
    const orphan = await uploaded(db, viewer, Buffer.from("brouillon jamais publié"), "orphelin.txt");
    await uploaded(db, viewer, Buffer.from("envoyé à l'instant"), "recent.txt");
    const revised = await uploaded(db, viewer, Buffer.from("publié puis retiré du texte"), "ancien.txt");
    const thread = await makeThread(db, author, { body: `Version 1 : ${fileMarkdown(revised)}` });
    const post = await db.selectFrom("post").select(["id", "version"]).where("thread_id", "=", thread.id).executeTakeFirstOrThrow();
    const edit = await editPost(db, viewer, post.id, { body: "Version 2, sans le fichier.", baseVersion: post.version });
    expect(edit.ok).toBe(true);
    await db.updateTable("file").set({ created_at: sql<Date>`now() - interval '25 hours'` }).where("id", "in", [orphan.id, revised.id]).execute();
    await runMaintenance(db);
    const left = await db.selectFrom("file").select("name").where("uploader_id", "=", author.id).orderBy("name").execute();
    expect(left.map((f) => f.name)).toEqual(["ancien.txt", "recent.txt"]);
    const orphanContent = await db.selectFrom("file_content").select("seq").where(sql<boolean>`encode(sha256, 'hex') = encode(sha256(${Buffer.from("brouillon jamais publié")}), 'hex')`).execute();
    expect(orphanContent).toEqual([]);
  });
});
