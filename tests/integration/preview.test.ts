import { expect, it } from "vitest";

import { previewPost, previewRules } from "../../app/forum/preview.server";
import { describeOnEachDatabase } from "./support/databases";
import { makeUser } from "./support/users";

describeOnEachDatabase("post preview", ({ current }) => {
  it("renders like saving, and answers a refused text with the form's message", async () => {
    const member = await makeUser(current().db, "delegate");
    const requester = { userId: member.id, clientAddress: "203.0.113.7" };
    expect(await previewPost(current().db, requester, "**gras**")).toEqual({ status: 200, html: "<p><strong>gras</strong></p>\n" });
    const deep = await previewPost(current().db, requester, ">".repeat(1_800));
    expect(deep).toMatchObject({ status: 400, html: expect.stringMatching(/imbrique trop/) });
    expect(await previewPost(current().db, requester, "a\u0000")).toMatchObject({ status: 400, html: expect.stringMatching(/caractère nul/) });
  });

  it("links the mentions of members and flags a handle that names nobody", async () => {
    const member = await makeUser(current().db, "delegate");
    const named = await makeUser(current().db, "delegate");
    const requester = { userId: member.id, clientAddress: "203.0.113.6" };
    const result = await previewPost(current().db, requester, `Bonjour @${named.handle} et @personne-inconnue-zz`);
    expect(result.status).toBe(200);
    expect(result.html).toMatch(new RegExp(`<a [^>]*href="/membres/${named.id}"[^>]*>@${named.handle}</a>`));
    expect(result.html).not.toContain("aucun-membre");
    expect(result.html).toMatch(/<mark class="mention mention--unknown"[^>]*>@personne-inconnue-zz <span class="mention__flag">\(aucun membre ne porte ce nom\)<\/span><\/mark>/);
  });

  it("is rate-limited per member and per address, with a delay to retry after", async () => {
    const member = await makeUser(current().db, "delegate");
    const requester = { userId: member.id, clientAddress: "203.0.113.8" };
    for (let i = 0; i < previewRules.perMember.limit; i++) expect((await previewPost(current().db, requester, "x")).status).toBe(200);
    const limited = await previewPost(current().db, requester, "x");
    expect(limited).toMatchObject({ status: 429, html: expect.stringMatching(/Réessayez dans/) });
    if (limited.status === 429) expect(limited.retryAfterSeconds).toBeGreaterThan(0);

    // Many members behind one address share the address' budget.
    const others = [await makeUser(current().db, "delegate"), await makeUser(current().db, "delegate"), await makeUser(current().db, "delegate")];
    const address = "203.0.113.9";
    const statuses: number[] = [];
    for (let i = 0; i <= previewRules.perIp.limit; i++) {
      statuses.push((await previewPost(current().db, { userId: others[i % 3]!.id, clientAddress: address }, "x")).status);
    }
    // Each member stays within its own budget (41 < 60); the address' budget is what runs out.
    expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
