import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";

import { startApp, type AppProcess } from "../integration/support/app-process";
import { demo } from "./support/accounts";

/**
 * Posts hostile values into EVERY form the site shows, found by crawling it as each role (so a new
 * form is covered without touching this test): NUL bytes, 100 000 characters, bad numbers, markup,
 * in free-text fields and in hidden fields and selects. No answer may be a 5xx, and every HTML answer
 * must be a page of the site's French layout. Destructive forms do run, so this walk gets a server
 * and an embedded data directory of its own (the built app, like the suite's), never the suite's.
 */

interface FieldShape {
  name: string;
  type: string;
  value: string;
  options: string[];
}

interface FormShape {
  page: string;
  action: string;
  enctype: string;
  fields: FieldShape[];
}

const FREE_TEXT = new Set(["text", "textarea", "search", "email", "url", "tel", "number", "date", "datetime-local", "password", "time"]);
const hostileText = ["\u0000", "x".repeat(100_000), "-99999999999999999999", "<img src=x onerror=alert(1)>"];
const hostileChoice = ["abc", "99999999999999999999", "\u0000"];
/** Leaving the session, or the site, ends the walk early: not what is tested here. */
const SKIP = [/^\/deconnexion/, /^\/build\//, /\.(atom|xml|css|js|png|jpe?g|webp|gif|pdf|csv|md)$/];
const PAGES_PER_ROLE = 50;

let app: AppProcess;
const dataDir = mkdtempSync(join(tmpdir(), "openent-hostile-forms-"));

test.beforeAll(async () => {
  test.setTimeout(300_000);
  // First start: migrations and the demo seed, slow on a busy machine.
  app = await startApp(dataDir, { env: { MAIL_CAPTURE_DIR: "" }, timeoutMs: 280_000 });
});

test.afterAll(() => {
  if (app?.child.exitCode === null) app.child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

async function contextFor(account?: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: app.origin, extraHTTPHeaders: { Origin: app.origin } });
  if (account) {
    const response = await context.post("/connexion", { form: account, maxRedirects: 0 });
    expect(response.status(), `sign-in of ${account.email}`).toBe(302);
  }
  return context;
}

/** A path with its numbers folded, so that a thousand threads count as one page shape. */
const shapeOf = (path: string) => path.replace(/\d+/g, "N").replace(/\?.*$/, "");

async function readPage(parser: Page, html: string) {
  await parser.setContent(html, { waitUntil: "domcontentloaded" });
  return parser.evaluate(() => {
    const links = [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href") ?? "");
    const forms = [...document.querySelectorAll("form")]
      .filter((form) => (form.getAttribute("method") ?? "get").toLowerCase() === "post")
      .map((form) => ({
        action: form.getAttribute("action") ?? "",
        enctype: form.getAttribute("enctype") ?? "application/x-www-form-urlencoded",
        fields: [...form.querySelectorAll("input[name], textarea[name], select[name], button[name]")].map((element) => {
          const el = element as HTMLInputElement;
          const type = element.tagName === "TEXTAREA" ? "textarea" : element.tagName === "SELECT" ? "select" : element.tagName === "BUTTON" ? "button" : (el.type || "text");
          const options = element.tagName === "SELECT" ? [...(element as HTMLSelectElement).options].map((o) => o.value) : [];
          return { name: el.name, type, value: el.value ?? "", options };
        }),
      }));
    return { links, forms };
  });
}

/** Crawls from the home page: every page shape once (twice for threads), at most PAGES_PER_ROLE pages. */
async function crawl(context: APIRequestContext, parser: Page): Promise<FormShape[]> {
  const queue = ["/", "/compte", "/moderation", "/admin/membres", "/admin/invitations", "/fils/nouveau", "/collectivites/nouvelle", "/thematiques/nouvelle"];
  const seenShapes = new Map<string, number>();
  const forms = new Map<string, FormShape>();
  let visited = 0;
  while (queue.length > 0 && visited < PAGES_PER_ROLE) {
    const path = queue.shift()!;
    const shape = shapeOf(path);
    if ((seenShapes.get(shape) ?? 0) >= 2) continue;
    seenShapes.set(shape, (seenShapes.get(shape) ?? 0) + 1);
    const response = await context.get(path, { maxRedirects: 3 });
    visited++;
    if (!(response.headers()["content-type"] ?? "").startsWith("text/html") || response.status() >= 400) continue;
    const { links, forms: found } = await readPage(parser, await response.text());
    const pageUrl = new URL(response.url());
    for (const form of found) {
      const action = new URL(form.action || pageUrl.pathname + pageUrl.search, pageUrl);
      if (action.origin !== pageUrl.origin || SKIP.some((re) => re.test(action.pathname))) continue;
      const key = `${shapeOf(action.pathname)} ${form.fields.map((f) => f.name).sort().join(",")}`;
      if (!forms.has(key)) forms.set(key, { page: pageUrl.pathname, action: action.pathname + action.search, enctype: form.enctype, fields: form.fields });
    }
    for (const href of links) {
      let url: URL;
      try {
        url = new URL(href, pageUrl);
      } catch {
        continue;
      }
      if (url.origin !== pageUrl.origin || SKIP.some((re) => re.test(url.pathname))) continue;
      const next = url.pathname + url.search;
      if ((seenShapes.get(shapeOf(next)) ?? 0) < 2 && !queue.includes(next)) queue.push(next);
    }
  }
  return [...forms.values()];
}

/** The variants of one form: every free-text field at once with each hostile text, then each choice field alone. */
function variants(form: FormShape): [string, [string, string][]][] {
  const base = (override: (field: FieldShape) => string | undefined): [string, string][] =>
    form.fields
      .filter((f) => !["checkbox", "radio", "file", "submit", "button", "image", "reset"].includes(f.type) || override(f) !== undefined)
      .map((f) => [f.name, override(f) ?? (f.type === "select" ? f.options[0] ?? f.value : f.value)]);
  const out: [string, [string, string][]][] = [];
  const intent = form.fields.find((f) => f.type === "button" || f.type === "submit");
  const withIntent = (pairs: [string, string][]): [string, string][] => (intent?.name ? [...pairs, [intent.name, intent.value]] : pairs);
  if (form.fields.some((f) => FREE_TEXT.has(f.type))) {
    for (const value of hostileText) {
      out.push([`text=${JSON.stringify(value.slice(0, 12))}`, withIntent(base((f) => (FREE_TEXT.has(f.type) ? value : undefined)))]);
    }
  }
  for (const field of form.fields.filter((f) => f.type === "hidden" || f.type === "select" || f.type === "radio" || f.type === "checkbox")) {
    for (const value of hostileChoice) {
      out.push([`${field.name}=${JSON.stringify(value)}`, withIntent(base((f) => (f === field ? value : undefined)))]);
    }
  }
  // The same field twice (an array where one value is expected).
  const first = form.fields.find((f) => FREE_TEXT.has(f.type) || f.type === "hidden");
  if (first) out.push([`${first.name} twice`, withIntent([...base(() => undefined), [first.name, "deux"]])]);
  return out;
}

test("every form answers hostile values without a 5xx, in the French layout", async ({ browser }) => {
  test.setTimeout(600_000);
  const parserContext = await browser.newContext({ javaScriptEnabled: false });
  const parser = await parserContext.newPage();
  const failures: string[] = [];
  let posted = 0;
  const formsSeen = new Set<string>();
  // Visitors last: their hostile sign-ins may get the address rate-limited, which would refuse the members' sign-ins.
  for (const [who, account] of [
    ["observer", demo.observer],
    ["delegate", demo.delegate],
    ["moderator", demo.moderator],
    ["admin", demo.admin],
    ["anonymous", undefined],
  ] as const) {
    let context = await contextFor(account);
    const forms = await crawl(context, parser);
    console.log(`hostile forms: ${who}, ${forms.length} forms`);
    for (const form of forms) {
      formsSeen.add(shapeOf(form.action));
      const all = variants(form);
      // A few at a time: quick, without flooding the one embedded connection.
      for (let i = 0; i < all.length; i += 6) {
        await Promise.all(
          all.slice(i, i + 6).map(async ([label, pairs]) => {
            const multipart = form.enctype.startsWith("multipart/");
            const response = await context.post(form.action, {
              maxRedirects: 0,
              ...(multipart
                ? { multipart: Object.fromEntries(pairs) }
                : { data: new URLSearchParams(pairs).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
            });
            posted++;
            const status = response.status();
            const type = response.headers()["content-type"] ?? "";
            const text = await response.text();
            const where = `${who} POST ${form.action.slice(0, 80)} (form of ${form.page}) ${label} → ${status}`;
            if (status >= 500) failures.push(where);
            else if (type.startsWith("text/html") && status !== 413 && !text.includes('<html lang="fr"')) failures.push(`${where}: not the French layout`);
          }),
        );
      }
      // The session may have been ended by a hostile value (a password change, a suspension of oneself is refused):
      // sign in again so that the rest of the walk still runs as this role.
      if (account && (await context.get("/compte", { maxRedirects: 0 })).status() !== 200) {
        await context.dispose();
        context = await contextFor(account);
      }
    }
    await context.dispose();
  }
  await parserContext.close();
  console.log(`hostile forms: ${formsSeen.size} form actions, ${posted} posts`);
  expect(formsSeen.size).toBeGreaterThan(15);
  expect(failures).toEqual([]);
});
