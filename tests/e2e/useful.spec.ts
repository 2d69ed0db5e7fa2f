import type { Browser, Page } from "@playwright/test";

import { demo, signIn } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

/** "Utile" marks (issue 14, item 2). */

async function member(browser: Browser, account: { email: string; password: string }, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

test("a member marks a reply useful with JavaScript: toggled in place, count and names shown", async ({ browser }) => {
  const page = await member(browser, demo.observer, true);
  await page.goto("/fils/1?page=1");
  const post = page.locator("article.post").filter({ hasText: "Oui, nous le déposerons" });
  const toggle = post.getByRole("button", { name: /^Utile/ });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  const url = page.url();
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(post.locator(".useful__who summary")).toHaveText("1 utile : voir qui");
  expect(page.url()).toBe(url);
  // The names open from the keyboard too.
  await post.locator(".useful__who summary").focus();
  await page.keyboard.press("Enter");
  await expect(post.locator(".useful__who li")).toHaveText(["Sam Observateur (démo)"]);
  await expectNoAxeViolations(page);

  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(post.locator(".useful__who")).toHaveCount(0);
  await page.context().close();
});

test("marking useful works without JavaScript; one's own post has no button and is refused", async ({ browser }) => {
  const page = await member(browser, demo.delegate, false);
  await page.goto("/fils/1?page=1");
  const own = page.locator("article.post").filter({ hasText: "Oui, nous le déposerons" });
  await expect(own.getByRole("button", { name: /^Utile/ })).toHaveCount(0);

  const post = page.locator("article.post").filter({ hasText: "Merci pour ce retour" });
  await post.getByRole("button", { name: /^Utile/ }).click();
  await expect(page).toHaveURL(/\/fils\/1-.*#message-\d+$/);
  const marked = page.locator("article.post").filter({ hasText: "Merci pour ce retour" });
  await expect(marked.getByRole("button", { name: /^Utile/ })).toHaveAttribute("aria-pressed", "true");
  await expect(marked.locator(".useful__who summary")).toHaveText("1 utile : voir qui");

  // Posting for one's own post anyway: 400 with the French message in the layout.
  const ownId = (await own.getAttribute("id"))!.replace("message-", "");
  const refused = await page.request.post(`/messages/${ownId}/utile`, {
    form: { intent: "add" },
    headers: { origin: new URL(page.url()).origin },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(400);
  const refusal = await refused.text();
  expect(refusal).toContain("Vous ne pouvez pas marquer votre propre message comme utile.");
  expect(refusal).toContain('<html lang="fr"');

  await marked.getByRole("button", { name: /^Utile/ }).click();
  await expect(page.locator("article.post").filter({ hasText: "Merci pour ce retour" }).getByRole("button", { name: /^Utile/ })).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  await page.context().close();
});
