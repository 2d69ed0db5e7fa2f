import { afterAll, beforeAll, expect, it, vi } from "vitest";

import { startSession } from "../../app/auth/session.server";
import { action as inviteAction } from "../../app/routes/admin.invitations._index";
import { action as resetAction } from "../../app/routes/mot-de-passe-oublie._index";
import { describeOnEachDatabase } from "./support/databases";
import { makeUser } from "./support/users";

/**
 * Links in e-mail come from the configured origin, never from the host a request was addressed
 * to: the route actions run on requests built as a forged Host or X-Forwarded-Host would make them.
 */
describeOnEachDatabase("links in e-mail", ({ current }) => {
  beforeAll(() => {
    globalThis.__openentDatabase = Promise.resolve(current().handle);
  });
  afterAll(() => {
    globalThis.__openentDatabase = undefined;
    vi.unstubAllEnvs();
  });

  const latestMail = () => current().db.selectFrom("outbox_message").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
  const context = { clientAddress: "192.0.2.10", cspNonce: "" };

  function post(url: string, fields: Record<string, string>, cookie?: string): Request {
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
    if (cookie) headers.Cookie = cookie;
    return new Request(url, { method: "POST", headers, body: new URLSearchParams(fields) });
  }

  it("a reset request addressed to another host links to the embedded default origin", async () => {
    vi.stubEnv("APP_ORIGIN", "");
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("PORT", "4321");
    const user = await makeUser(current().db, "observer");
    await resetAction({ request: post("http://attacker.example:31337/mot-de-passe-oublie", { email: user.email }), context, params: {} });
    const mail = await latestMail();
    expect(mail.recipient).toBe(user.email);
    // The secret link is kept apart from the stored body until delivery (docs/security.md).
    expect(mail.secret_link).toMatch(/^http:\/\/localhost:4321\/mot-de-passe-oublie\/[A-Za-z0-9_-]{43}$/);
    expect(mail.body_text).not.toContain("attacker.example");
  });

  it("a reset request links to APP_ORIGIN when it is set", async () => {
    vi.stubEnv("APP_ORIGIN", "https://echanges.example.org");
    const user = await makeUser(current().db, "delegate");
    await resetAction({ request: post("http://attacker.example/mot-de-passe-oublie", { email: user.email }), context, params: {} });
    expect((await latestMail()).secret_link).toMatch(/^https:\/\/echanges\.example\.org\/mot-de-passe-oublie\//);
  });

  it("an invitation sent from a request to another host links to the configured origin", async () => {
    vi.stubEnv("APP_ORIGIN", "https://echanges.example.org");
    const admin = await makeUser(current().db, "admin");
    const cookie = (await startSession(current().handle.pool, admin.id, false)).split(";")[0]!;
    const email = `invite-${Date.now()}@example.org`;
    await inviteAction({ request: post("http://attacker.example/admin/invitations", { email, role: "observer" }, cookie), context, params: {} });
    const mail = await latestMail();
    expect(mail.recipient).toBe(email);
    expect(mail.secret_link).toMatch(/^https:\/\/echanges\.example\.org\/invitation\//);
    expect(mail.body_text).not.toContain("attacker.example");
  });
});
