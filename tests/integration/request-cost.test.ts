import type { Server } from "node:http";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, expect, it } from "vitest";

import { markUseful } from "../../app/appreciation/useful.server";
import { startSession } from "../../app/auth/session.server";
import { addBookmark } from "../../app/bookmarks/bookmarks.server";
import { saveDraft } from "../../app/drafts/drafts.server";
import { createReply } from "../../app/forum/posts.server";
import { addNotice } from "../../app/moderation/notices.server";
import { setWatchLevel } from "../../app/notifications/watch.server";
import { createApp, serverConfig } from "../../server/app";
import { ensureBuild, freePort } from "./support/app-process";
import { describeOnEachDatabase } from "./support/databases";
import { makeThread, viewerOf } from "./support/forum";
import { recordPoolStatements } from "./support/record-statements";
import { makeUser } from "./support/users";

/**
 * What one signed-in page costs the database, through the real stack: the production build behind
 * the Express app of server/app.ts, on the test's database (set as the app's singleton handle), with
 * every statement sent on the pool's connections recorded.
 */

const root = resolve(import.meta.dirname, "../..");

describeOnEachDatabase("the database cost of a signed-in page", ({ current }) => {
  let server: Server;
  let origin: string;
  let record: { statements: string[] };

  beforeAll(async () => {
    ensureBuild();
    const { handle } = current();
    record = { statements: [] };
    recordPoolStatements(handle.pool, ({ text }) => record.statements.push(text));
    globalThis.__openentDatabase = Promise.resolve(handle);
    const build = (await import(pathToFileURL(join(root, "build/index.js")).href)) as ServerBuild;
    const port = await freePort();
    origin = `http://localhost:${port}`;
    const app = createApp({
      config: serverConfig({ PORT: String(port), APP_ORIGIN: origin }),
      handle: createRequestHandler(build, "production"),
      publicDir: join(root, "public"),
    });
    await new Promise<void>((listening) => {
      server = app.listen(port, "127.0.0.1", listening);
    });
  });

  afterAll(async () => {
    globalThis.__openentDatabase = undefined;
    if (server?.listening) {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    }
  });

  async function signedInPage(path: string, cookie: string): Promise<string[]> {
    return (await signedInPageWithHtml(path, cookie)).statements;
  }

  async function signedInPageWithHtml(path: string, cookie: string): Promise<{ statements: string[]; html: string }> {
    record.statements.length = 0;
    const response = await fetch(`${origin}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(response.status).toBe(200);
    const html = await response.text();
    return { statements: [...record.statements], html };
  }

  // Lucia validates a session with two statements: the session row, then its user.
  const sessionValidations = (statements: string[]) => statements.filter((sql) => /^select \* from "user_session" where id = \$1$/i.test(sql.trim()));
  const writes = (statements: string[]) => statements.filter((sql) => /^\s*(insert|update|delete)\b/i.test(sql));
  const readMarkWrites = (statements: string[]) => statements.filter((sql) => /insert\s+into\s+"thread_read"/i.test(sql));

  it("validates the session once, though the root loader and the page loader both ask", async () => {
    const db = current().db;
    const member = await makeUser(db, "delegate");
    const cookie = (await startSession(current().handle.pool, member.id, false)).split(";")[0]!;
    await signedInPage("/", cookie);

    const statements = await signedInPage("/", cookie);
    expect(sessionValidations(statements)).toHaveLength(1);
    expect(statements.filter((sql) => sql.includes('"user_session"'))).toHaveLength(2);
  });

  it("a thread view writes the read mark only when it shows posts not read before", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "delegate");
    const cookie = (await startSession(current().handle.pool, reader.id, false)).split(";")[0]!;
    const thread = await makeThread(db, author);
    const path = `/fils/${thread.id}-${thread.slug}`;

    expect(readMarkWrites(await signedInPage(path, cookie))).toHaveLength(1);
    expect(readMarkWrites(await signedInPage(path, cookie))).toHaveLength(0);

    await createReply(db, viewerOf(author), thread.id, "Une réponse que le lecteur n'a pas encore lue.");
    // Opened again, the thread would redirect to the first unread post: its page, as the redirect says.
    expect(readMarkWrites(await signedInPage(`${path}?page=1`, cookie))).toHaveLength(1);
    const mark = await db.selectFrom("thread_read").select("last_read_position").where("user_id", "=", reader.id).where("thread_id", "=", thread.id).executeTakeFirstOrThrow();
    expect(mark.last_read_position).toBe(2);
    expect(readMarkWrites(await signedInPage(`${path}?page=1`, cookie))).toHaveLength(0);
    expect(readMarkWrites(await signedInPage(path, cookie))).toHaveLength(0);
  });

  it("a signed-in page writes nothing when the member has no notice, and shows a notice once", async () => {
    const db = current().db;
    const member = await makeUser(db, "delegate");
    const cookie = (await startSession(current().handle.pool, member.id, false)).split(";")[0]!;
    await signedInPage("/", cookie);

    expect(writes(await signedInPage("/", cookie))).toEqual([]);

    await addNotice(db, member.id, "Votre message a été masqué par la modération.");
    const shown = await signedInPageWithHtml("/", cookie);
    expect(shown.html).toContain("Votre message a été masqué par la modération.");
    expect(writes(shown.statements)).toHaveLength(1);
    const again = await signedInPageWithHtml("/", cookie);
    expect(again.html).not.toContain("Votre message a été masqué par la modération.");
    expect(writes(again.statements)).toEqual([]);
  });

  it("a signed-in 20-post thread page reads its posts' and the member's extras in one statement", async () => {
    const db = current().db;
    const author = await makeUser(db, "delegate");
    const reader = await makeUser(db, "delegate");
    const cookie = (await startSession(current().handle.pool, reader.id, false)).split(";")[0]!;
    const thread = await makeThread(db, author);
    const replies: number[] = [];
    for (let i = 2; i <= 20; i++) {
      const reply = await createReply(db, viewerOf(author), thread.id, `Réponse numéro ${i} du fil.`);
      if (!reply.ok) throw new Error("reply refused");
      replies.push(reply.postId);
    }
    // Something of each kind to read: a bookmark, a useful mark, a watch level, a draft.
    await addBookmark(db, viewerOf(reader), replies[0]!);
    await markUseful(db, viewerOf(reader), replies[1]!);
    await setWatchLevel(db, viewerOf(reader), "thread", thread.id, "watching");
    await saveDraft(db, viewerOf(reader), { threadId: thread.id }, "Un brouillon de réponse");
    const path = `/fils/${thread.id}-${thread.slug}?page=1`;
    await signedInPage(path, cookie);

    // The second view, as under load: the read mark is already there.
    const { statements, html } = await signedInPageWithHtml(path, cookie);
    const extras = statements.filter((sql) => /"(bookmark|useful_mark|post_file|thread_watch|post_draft)"|\b(bookmark|useful_mark|post_file|thread_watch|post_draft)\b/.test(sql));
    expect(html).toContain("Un brouillon de réponse");
    expect(extras).toHaveLength(1);
    expect(statements).toHaveLength(9);
  });
});
