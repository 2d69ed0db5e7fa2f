import type { Browser, Page } from "@playwright/test";

import { demo } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

/** Live updates and Atom feeds (issue 12, items 5 and 6). Two signed-in browsers per test: a generous budget on a loaded machine. */
test.describe.configure({ timeout: 240_000 });

async function member(browser: Browser, account: { email: string; password: string }, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  // As support/accounts.ts's signIn, with room for a slow password check on a loaded machine.
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(account.email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible({ timeout: 30_000 });
  return page;
}

test("a reader sees '1 nouveau message' appear without reloading when another member replies", async ({ browser }) => {
  const reader = await member(browser, demo.observer);
  const streamOpened = reader.waitForResponse((response) => response.url().includes("/direct?fil=5") && response.status() === 200);
  await reader.goto("/fils/5");
  await streamOpened;
  const region = reader.locator(".live-notice[aria-live='polite']");
  await expect(region).toBeAttached();
  await expect(region).toHaveText("");
  const readerUrl = reader.url();

  const writer = await member(browser, demo.delegate);
  await writer.goto("/fils/5");
  const text = `Réponse en direct ${Date.now()}`;
  await writer.getByLabel("Votre réponse").fill(text);
  await writer.getByRole("button", { name: "Publier la réponse" }).click();
  await expect(writer.getByText(text)).toBeVisible({ timeout: 30_000 });
  // Published: the editor is empty again and its live preview gone (the text shows once, in the thread).
  await expect(writer.getByLabel("Votre réponse")).toHaveValue("");
  await expect(writer.getByRole("region", { name: "Aperçu du message" })).toHaveCount(0);

  const notice = region.getByRole("link", { name: "1 nouveau message" });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  // Not reloaded: the same document, still at the same address.
  expect(reader.url()).toBe(readerUrl);
  await expectNoAxeViolations(reader);

  await notice.click();
  await expect(reader.getByText(text)).toBeVisible({ timeout: 30_000 });
  await reader.context().close();
  await writer.context().close();
});

test("without JavaScript a thread page works as before and opens no stream", async ({ browser }) => {
  const reader = await member(browser, demo.observer, false);
  const streams: string[] = [];
  reader.on("request", (request) => {
    if (request.url().includes("/direct")) streams.push(request.url());
  });
  await reader.goto("/fils/5");
  await expect(reader.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(reader.locator(".live-notice")).toHaveText("");
  expect(streams).toEqual([]);
  await reader.context().close();
});

test("pages name their Atom feed, and the feeds answer valid Atom", async ({ page }) => {
  await page.goto("/");
  const home = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
  await expect(home).toHaveAttribute("href", "/flux/fils.atom");
  await page.goto("/thematiques/formation");
  await expect(page.locator('head link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute("href", "/flux/thematiques/formation.atom");

  const feed = await page.request.get("/flux/fils.atom");
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
  expect(await feed.text()).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
  const again = await page.request.get("/flux/fils.atom", { headers: { "If-None-Match": feed.headers()["etag"]! } });
  expect(again.status()).toBe(304);
  const forged = await page.request.get(`/flux/personnel/${"A".repeat(43)}.atom`);
  expect(forged.status()).toBe(404);
  expect(await forged.text()).toContain("Flux introuvable");
});

test("a member creates a personal feed from /compte, sees its address once, and revokes it", async ({ browser }) => {
  const page = await member(browser, demo.observer);
  await page.goto("/compte");
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Flux Atom personnel" }) });
  await section.getByRole("button", { name: /Créer mon flux personnel|Régénérer l'adresse du flux/ }).click();
  const address = section.getByLabel("Adresse de votre flux (affichée une seule fois)");
  await expect(address).toHaveValue(/\/flux\/personnel\/[A-Za-z0-9_-]{43}\.atom$/);
  const url = new URL(await address.inputValue());
  await expectNoAxeViolations(page);

  const feed = await page.request.get(url.pathname);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain("flux personnel de");

  // Shown once: a new visit shows only its date.
  await page.goto("/compte");
  await expect(section.getByLabel("Adresse de votre flux (affichée une seule fois)")).toHaveCount(0);
  await expect(section).toContainText("Votre flux personnel a été créé le");

  await section.getByRole("button", { name: "Révoquer le flux" }).click();
  await expect(section).toContainText("Votre flux personnel a été révoqué");
  expect((await page.request.get(url.pathname)).status()).toBe(404);
  await page.context().close();
});
