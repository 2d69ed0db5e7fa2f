import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeEach, expect, it } from "vitest";

import { action as acceptInvitation } from "../../app/routes/invitation.$token";
import { action as account } from "../../app/routes/compte";
import { action as signIn } from "../../app/routes/connexion";
import { action as requestReset } from "../../app/routes/mot-de-passe-oublie._index";
import { startSession } from "../../app/auth/session.server";
import { describeOnEachDatabase } from "./support/databases";
import { makeUser } from "./support/users";

/** The route actions themselves, on the test database: every 429 tells how long to wait. */

type Action = (args: ActionFunctionArgs) => Promise<unknown>;

function post(path: string, fields: Record<string, string>, cookie?: string): Request {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (cookie) headers.Cookie = cookie;
  return new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields), headers });
}

/** Status and headers of what an action returned: a Response or Remix's `data()`. */
function outcome(result: unknown): { status: number; headers: Headers } {
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  const init = (result as { init?: ResponseInit | null }).init ?? {};
  return { status: init.status ?? 200, headers: new Headers(init.headers) };
}

async function until429(action: Action, request: () => Request, params: Record<string, string> = {}, max = 40) {
  for (let i = 0; i < max; i++) {
    const result = outcome(await action({ request: request(), params, context: { clientAddress: "198.51.100.7", cspNonce: "n" } }));
    if (result.status === 429) return result;
  }
  throw new Error("never rate limited");
}

describeOnEachDatabase("429 answers", ({ current }) => {
  beforeEach(() => {
    globalThis.__openentDatabase = Promise.resolve(current().handle);
  });
  afterAll(() => {
    globalThis.__openentDatabase = undefined;
  });

  function expectRetryAfter(result: { status: number; headers: Headers }) {
    expect(result.status).toBe(429);
    expect(Number(result.headers.get("Retry-After"))).toBeGreaterThan(0);
  }

  it("carry Retry-After on sign-in", async () => {
    expectRetryAfter(await until429(signIn, () => post("/connexion", { email: "quelquun@example.org", password: "mauvais" })));
  });

  it("carry Retry-After on password reset requests", async () => {
    expectRetryAfter(await until429(requestReset, () => post("/mot-de-passe-oublie", { email: "quelquun@example.org" })));
  });

  it("carry Retry-After on invitation acceptance", async () => {
    const request = () => post("/invitation/x", { displayName: "Nom", password: "p", confirmation: "p" });
    expectRetryAfter(await until429(acceptInvitation, request, { token: "inconnu" }));
  });

  it("carry Retry-After on password changes", async () => {
    const user = await makeUser(current().db, "delegate");
    const cookie = (await startSession(current().handle.pool, user.id, false)).split(";")[0]!;
    const request = () => post("/compte", { intent: "password", current: "pas le bon", next: "un tout nouveau secret", confirmation: "un tout nouveau secret" }, cookie);
    expectRetryAfter(await until429(account, request));
  });
});
