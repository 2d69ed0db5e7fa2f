import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";

import { demo, linkFromLatestMail } from "./support/accounts";

/**
 * Requests every route as each kind of visitor and checks the answer. "login" means a redirect to
 * the sign-in page; "redirect" any other redirect. A suspended member must get exactly what an
 * anonymous visitor gets.
 */

type Who = "anonymous" | "observer" | "delegate" | "moderator" | "admin" | "suspended";
type Answer = "200" | "400" | "403" | "404" | "410" | "login" | "redirect";
const roles: Who[] = ["anonymous", "observer", "delegate", "moderator", "admin", "suspended"];

function expectation(anonymous: Answer, observer: Answer, delegate: Answer, moderator: Answer, admin: Answer): Record<Who, Answer> {
  return { anonymous, observer, delegate, moderator, admin, suspended: anonymous };
}
const everyone = (a: Answer) => expectation(a, a, a, a, a);
const members = (a: Answer) => expectation("login", a, a, a, a);
const moderators = (a: Answer) => expectation("login", "403", "403", a, a);
const admins = (a: Answer) => expectation("login", "403", "403", "403", a);
const writers = (a: Answer) => expectation("login", "403", a, a, a);

const contexts = new Map<Who, APIRequestContext>();
let paths: { publicThread: string; membersThread: string; membersPost: number; delegatePost: number };

async function answerOf(context: APIRequestContext, method: "GET" | "POST", path: string, form?: Record<string, string>): Promise<Answer> {
  const response = method === "GET" ? await context.get(path, { maxRedirects: 0 }) : await context.post(path, { form: form ?? {}, maxRedirects: 0 });
  const status = response.status();
  if (status >= 300 && status < 400) return (response.headers()["location"] ?? "").startsWith("/connexion") ? "login" : "redirect";
  return String(status) as Answer;
}

async function signedIn(baseURL: string, account?: { email: string; password: string }) {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  if (account) {
    const response = await context.post("/connexion", { form: account, maxRedirects: 0 });
    expect(response.status(), `sign-in of ${account.email}`).toBe(302);
  }
  return context;
}

test.beforeAll(async ({ baseURL }) => {
  const base = baseURL!;
  contexts.set("anonymous", await signedIn(base));
  contexts.set("observer", await signedIn(base, demo.observer));
  contexts.set("delegate", await signedIn(base, demo.delegate));
  contexts.set("moderator", await signedIn(base, demo.moderator));
  const admin = await signedIn(base, demo.admin);
  contexts.set("admin", admin);

  // A fresh member who signs in, then gets suspended by the administrator.
  const email = `suspendu.${Date.now()}@example.org`;
  const invited = await admin.post("/admin/invitations", { form: { intent: "create", email, role: "observer", collectiviteId: "" } });
  expect(invited.status()).toBe(200);
  const outbox = await (await admin.get("/admin/courriels")).text();
  const messageId = outbox.match(new RegExp(`${email.replace(/\./g, "\\.")}</td><th scope="row"><a[^>]*href="/admin/courriels/(\\d+)"`))?.[1];
  expect(messageId, "invitation e-mail in the outbox").toBeTruthy();
  const mail = await (await admin.get(`/admin/courriels/${messageId}`)).text();
  // Administrators never see the link; the invitee's mailbox (the captured console mail) has it.
  expect(mail).not.toMatch(/\/invitation\/[A-Za-z0-9_-]{20,}/);
  const token = (await linkFromLatestMail(email, "/invitation/")).split("/").at(-1)!;
  const suspended = await signedIn(base);
  const accepted = await suspended.post(`/invitation/${token}`, {
    form: { displayName: "Compte à suspendre", password: "une phrase de passe solide", confirmation: "une phrase de passe solide" },
    maxRedirects: 0,
  });
  expect(accepted.status()).toBe(302);
  expect(await answerOf(suspended, "GET", "/compte")).toBe("200");
  const list = await (await admin.get(`/admin/membres?q=${encodeURIComponent(email)}`)).text();
  const userId = list.match(/name="userId" value="(\d+)"/)![1]!;
  expect((await admin.post("/admin/membres", { form: { intent: "suspend", userId } })).status()).toBe(200);
  contexts.set("suspended", suspended);

  const locate = async (path: string) => (await admin.get(path, { maxRedirects: 0 })).headers()["location"]!.split("?")[0]!;
  paths = {
    publicThread: await locate("/fils/1"),
    membersThread: await locate("/fils/2"),
    membersPost: 4,
    delegatePost: 1,
  };
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.dispose();
});

test("every route answers each role as the permission table says", async () => {
  // Hundreds of requests (every row × six roles), more with each feature: 30 s was too tight on a busy machine.
  test.setTimeout(120_000);
  const routes: [method: "GET" | "POST", path: () => string, expected: Record<Who, Answer>, form?: Record<string, string>][] = [
    ["GET", () => "/", everyone("200")],
    ["GET", () => "/collectivites", everyone("200")],
    ["GET", () => "/collectivites/ile-de-france", everyone("200")],
    ["GET", () => "/collectivites/atlantide", everyone("404")],
    ["GET", () => "/thematiques", everyone("200")],
    ["GET", () => "/thematiques/gouvernance", everyone("200")],
    // Curation of the directory and the thématiques (tests/e2e/curation.spec.ts has the flows).
    ["GET", () => "/collectivites/nouvelle", moderators("200")],
    ["GET", () => "/collectivites/ile-de-france/modifier", moderators("200")],
    ["GET", () => "/collectivites/atlantide/modifier", expectation("login", "403", "403", "404", "404")],
    ["GET", () => "/thematiques/nouvelle", moderators("200")],
    ["GET", () => "/thematiques/gouvernance/modifier", moderators("200")],
    ["POST", () => "/collectivites/nouvelle", moderators("400"), { name: "" }],
    ["POST", () => "/collectivites/ile-de-france/modifier", moderators("400"), { name: "" }],
    ["POST", () => "/thematiques/nouvelle", moderators("400"), { name: "" }],
    ["POST", () => "/thematiques/gouvernance/modifier", moderators("400"), { intent: "merge", targetId: "" }],
    // Thread and post moderation, reports (tests/e2e/moderation.spec.ts has the flows).
    ["GET", () => "/moderation", moderators("200")],
    ["POST", () => "/moderation", moderators("404"), { postId: "" }],
    ["GET", () => `${paths.membersThread}/moderation`, moderators("200")],
    ["GET", () => "/fils/999999/moderation", expectation("login", "403", "403", "404", "404")],
    ["POST", () => `${paths.membersThread}/moderation`, moderators("400"), { intent: "lock", reason: "", version: "1" }],
    // Split and merge (tests/e2e/split-merge.spec.ts has the flows).
    ["GET", () => `${paths.membersThread}/deplacer`, moderators("200")],
    ["GET", () => `${paths.membersThread}/fusionner`, moderators("200")],
    ["GET", () => "/fils/999999/deplacer", expectation("login", "403", "403", "404", "404")],
    ["POST", () => `${paths.membersThread}/deplacer`, moderators("400"), { intent: "verifier", mode: "", version: "1" }],
    ["POST", () => `${paths.membersThread}/fusionner`, moderators("400"), { intent: "verifier", target: "", version: "1" }],
    ["GET", () => `/messages/${paths.membersPost}/moderation`, moderators("200")],
    ["POST", () => `/messages/${paths.membersPost}/moderation`, moderators("400"), { intent: "hide", reason: "" }],
    ["GET", () => `/messages/${paths.membersPost}/signaler`, members("200")],
    ["GET", () => "/messages/999999/signaler", expectation("login", "404", "404", "404", "404")],
    ["POST", () => `/messages/${paths.membersPost}/signaler`, members("400"), { reason: "" }],
    ["GET", () => "/healthz", everyone("200")],
    ["GET", () => "/recherche?q=ENT", everyone("200")],
    ["GET", () => "/recherche?q=%22guillemet&type=inconnu&avant=2024-13-45", everyone("200")],
    ["GET", () => "/recherche/suggestions?q=EN", everyone("200")],
    ["GET", () => "/connexion", expectation("200", "redirect", "redirect", "redirect", "redirect")],
    ["GET", () => "/deconnexion", expectation("redirect", "200", "200", "200", "200")],
    ["GET", () => "/mot-de-passe-oublie", everyone("200")],
    ["GET", () => "/mot-de-passe-oublie/jeton-inconnu", everyone("410")],
    ["GET", () => "/invitation/jeton-inconnu", expectation("410", "redirect", "redirect", "redirect", "redirect")],
    ["GET", () => "/compte", members("200")],
    ["GET", () => "/membres/1", members("200")],
    ["GET", () => "/membres/999999", members("404")],
    // Profiles, directory and bookmarks (tests/e2e/members.spec.ts has the flows).
    ["GET", () => "/membres", members("200")],
    ["GET", () => "/membres?q=%C3%A9&role=inconnu&collectivite=abc", members("200")],
    ["GET", () => "/membres?page=abc", members("400")],
    ["GET", () => "/membres/abc", members("404")],
    ["GET", () => "/signets", members("200")],
    ["GET", () => "/signets?page=0", members("400")],
    ["GET", () => `/messages/${paths.membersPost}/signet`, everyone("redirect")],
    ["POST", () => `/messages/${paths.membersPost}/signet`, members("400"), { intent: "inconnu" }],
    ["POST", () => "/messages/999999/signet", members("404"), { intent: "add" }],
    ["POST", () => "/messages/abc/signet", members("404"), { intent: "add" }],
    ["GET", () => `/messages/${paths.membersPost}/utile`, everyone("redirect")],
    ["POST", () => `/messages/${paths.membersPost}/utile`, members("400"), { intent: "inconnu" }],
    ["POST", () => `/messages/${paths.membersPost}/utile`, members("redirect"), { intent: "remove" }],
    ["POST", () => "/messages/999999/utile", members("404"), { intent: "add" }],
    ["POST", () => "/messages/abc/utile", members("404"), { intent: "add" }],
    ["POST", () => "/signets", members("400"), { intent: "update", postId: "1", note: "x".repeat(501), remindOn: "" }],
    ["POST", () => "/signets", members("404"), { intent: "update", postId: "999999", note: "", remindOn: "" }],
    ["POST", () => "/signets", members("400"), { intent: "inconnu" }],
    ["POST", () => "/compte", members("400"), { intent: "profile", bio: "x".repeat(1001) }],
    ["GET", () => "/admin/invitations", moderators("200")],
    ["GET", () => "/admin/membres", admins("200")],
    ["GET", () => "/admin/journal", everyone("redirect")],
    ["GET", () => "/moderation/journal", moderators("200")],
    ["GET", () => "/moderation/journal?action=topic.created&du=2026-03-01&au=2026-03-31&fil=1&membre=1&acteur=1", moderators("200")],
    ["GET", () => "/moderation/journal?du=2026-02-31", moderators("400")],
    ["GET", () => "/moderation/journal?au=demain&fil=abc&action=inconnue", moderators("400")],
    ["GET", () => "/admin/courriels", admins("200")],
    ["GET", () => "/admin/courriels/1", admins("200")],
    ["GET", () => "/fils/nouveau", writers("200")],
    ["GET", () => `${paths.publicThread}?page=1`, everyone("200")],
    ["GET", () => `${paths.membersThread}?page=1`, members("200")],
    ["GET", () => "/fils/999999", everyone("404")],
    ["GET", () => `${paths.membersThread}/messages/${paths.membersPost}/historique`, members("200")],
    // Editing: the author and moderators (any post); a délégué on someone else's post gets 403,
    // a post that is not there (or not in that thread) 404 (tests/e2e/moderation-more.spec.ts).
    ["GET", () => `${paths.publicThread}/messages/${paths.delegatePost}/modifier`, expectation("login", "403", "200", "200", "200")],
    ["GET", () => `${paths.membersThread}/messages/${paths.membersPost}/modifier`, expectation("login", "403", "403", "200", "200")],
    ["GET", () => `${paths.membersThread}/messages/${paths.delegatePost}/modifier`, expectation("login", "403", "404", "404", "404")],
    ["GET", () => `${paths.membersThread}/messages/999999/modifier`, expectation("login", "403", "404", "404", "404")],
    // Warnings and timed suspensions.
    ["GET", () => "/membres/1/moderation", moderators("200")],
    ["GET", () => "/membres/999999/moderation", expectation("login", "403", "403", "404", "404")],
    ["POST", () => "/membres/1/moderation", moderators("400"), { intent: "warn", warning: "" }],
    ["POST", () => "/avertissements/999999", members("404")],
    ["POST", () => `/messages/${paths.membersPost}/moderation`, moderators("400"), { intent: "delete", deleteReason: "" }],
    ["GET", () => `/messages/${paths.membersPost}`, expectation("login", "redirect", "redirect", "redirect", "redirect")],
    ["POST", () => "/apercu", expectation("login", "403", "200", "200", "200"), { body: "**gras**" }],
    ["POST", () => "/fils/nouveau", writers("400"), { intent: "publish", title: "", body: "" }],
    ["POST", () => `${paths.membersThread}?page=1`, expectation("login", "403", "400", "400", "400"), { intent: "reply", body: "" }],
    ["POST", () => "/admin/invitations", moderators("400"), { intent: "create", email: "", role: "" }],
    ["POST", () => "/admin/membres", admins("400"), { intent: "", userId: "" }],
    ["POST", () => "/compte", members("400"), { intent: "displayName", displayName: "" }],
  ];

  const failures: string[] = [];
  for (const [method, path, expected, form] of routes) {
    for (const who of roles) {
      const got = await answerOf(contexts.get(who)!, method, path(), form);
      if (got !== expected[who]) failures.push(`${method} ${path()} as ${who}: expected ${expected[who]}, got ${got}`);
    }
  }
  expect(failures).toEqual([]);
});
