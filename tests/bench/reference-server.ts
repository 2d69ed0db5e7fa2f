import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

import { Kysely, PostgresDialect, type CompiledQuery } from "kysely";
import pg from "pg";

import { findCollectiviteProfile } from "../../app/collectivites/profile.server";
import { loadThreadListPage } from "../../app/forum/list-page.server";
import { parseListQuery } from "../../app/forum/list-query";
import { requireReadableThread } from "../../app/forum/thread-page.server";
import { loadThreadView } from "../../app/forum/thread-view.server";
import { loadModerationHeader } from "../../app/moderation/header.server";
import type { Database } from "../../db/schema";
import { recordMemberPage, type Statement } from "./reference-members";

/**
 * The same-SQL reference for `npm run bench -- --compare` (issue 11): a bare `node:http` server on
 * `pg` that runs, for a visitor's home, thread and collectivité pages, exactly the statements the
 * app's loaders run (recorded once per URL by calling the app's own domain functions through a
 * Kysely that logs them, then replayed with their parameters, in the same order, one pooled
 * connection per request) and writes the rows as HTML with template strings, every value escaped.
 * It is the practical limit of a dynamic page on this machine: no framework, no React, no cache.
 * A request with a `Cookie` header is a member's: its statements are recorded from the app itself,
 * session validation and all (reference-members.ts), and replayed the same way.
 *
 * `PORT=… DATABASE_URL=… tsx tests/bench/reference-server.ts`
 */

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE) || 10 });
// A connection that fails while idle (the database restarting) must not stop the server.
pool.on("error", (error) => console.error(error));
const recorded = new Map<string, Promise<Statement[] | null>>();

const fromKysely = (query: CompiledQuery): Statement => ({ text: query.sql, values: [...query.parameters] });

/** Runs the app's loader steps for a visitor through a Kysely that records every statement. */
async function record(url: URL): Promise<Statement[] | null> {
  const statements: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === "query") statements.push(event.query);
    },
  });
  const request = new Request(url);
  const segments = url.pathname.split("/").filter(Boolean);
  try {
    await loadModerationHeader(db, null);
    if (segments.length === 0) {
      await loadThreadListPage(db, null, parseListQuery(url.searchParams));
    } else if (segments[0] === "fils" && segments.length === 2) {
      const thread = await requireReadableThread(db, request, null, segments[1]);
      await loadThreadView({ db, readDb: db }, request, null, thread);
    } else if (segments[0] === "collectivites" && segments.length === 2) {
      const collectivite = await findCollectiviteProfile(db, decodeURIComponent(segments[1]!));
      if (!collectivite) return null;
      await loadThreadListPage(db, null, parseListQuery(url.searchParams), { collectiviteId: collectivite.id });
    } else {
      return null;
    }
  } catch {
    return null; // a 404 or a redirect in the app
  }
  return statements.map(fromKysely);
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escape(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value ?? "");
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(title: string, results: pg.QueryResult[], member: boolean): string {
  const sections = results
    .map(
      (result) =>
        `<section><ul>${result.rows
          .map((row: Record<string, unknown>) => `<li>${Object.entries(row).map(([k, v]) => `<span class="${k}">${escape(v)}</span>`).join(" ")}</li>`)
          .join("")}</ul></section>`,
    )
    .join("");
  return (
    `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${escape(title)} · OpenENT Échanges</title>` +
    `<link rel="stylesheet" href="/build/app.css"></head><body><header><a href="/">OpenENT Échanges</a>` +
    `<nav><a href="/">Accueil</a> <a href="/thematiques">Thématiques</a> <a href="/collectivites">Collectivités</a> ` +
    (member
      ? `<a href="/suivi">Suivi</a> <a href="/notifications">Notifications</a> <a href="/compte">Mon compte</a> <form method="post" action="/deconnexion"><button>Se déconnecter</button></form>`
      : `<a href="/connexion">Se connecter</a>`) +
    `</nav></header>` +
    `<main><h1>${escape(title)}</h1>${sections}</main><footer>OpenENT Échanges</footer></body></html>`
  );
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const cookie = req.headers.cookie;
  const key = `${url.pathname}${url.search} ${cookie ?? ""}`;
  if (!recorded.has(key)) recorded.set(key, cookie ? recordMemberPage(process.env.DATABASE_URL!, `${url.pathname}${url.search}`, cookie) : record(url));
  const statements = await recorded.get(key)!;
  if (!statements) {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Page introuvable");
    return;
  }
  const client = await pool.connect();
  const results: pg.QueryResult[] = [];
  try {
    for (const statement of statements) results.push(await client.query(statement.text, statement.values));
  } finally {
    client.release();
  }
  const html = render(url.pathname, results, Boolean(cookie));
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) }).end(html);
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500).end();
  });
});
server.listen(Number(process.env.PORT) || 3100, "127.0.0.1", () => console.log(`reference server on ${process.env.PORT}`));
// Exits normally on SIGTERM (compare.ts stops it so), so that `node --cpu-prof` writes its profile.
process.once("SIGTERM", () => process.exit(0));
