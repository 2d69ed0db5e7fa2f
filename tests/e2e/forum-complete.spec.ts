import type { Browser, Page } from "@playwright/test";

import { demo, linkFromLatestMail, signIn } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

/**
 * The forum, complete (issue 14): accepted answers, "résolu" in lists and search, list sorts and
 * density, server-side drafts, the header's account menu.
 */

async function member(browser: Browser, account: { email: string; password: string }, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

/** A second délégué, invited by the administrator (the demo has one délégué account). */
async function invitedDelegate(browser: Browser, admin: Page): Promise<{ email: string; password: string }> {
  const email = `second.delegue.${Date.now()}@example.org`;
  const password = "une phrase de passe solide";
  await admin.goto("/admin/invitations");
  await admin.getByLabel("Adresse e-mail").fill(email);
  await admin.getByLabel("Rôle").selectOption("delegate");
  await admin.getByLabel("Collectivité").selectOption({ label: "Seine-Maritime" });
  await admin.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(admin.getByText(`Invitation envoyée à ${email}`)).toBeVisible();
  const invitation = await linkFromLatestMail(email, "/invitation/");
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(invitation);
  await page.getByLabel("Nom d'affichage").fill("Noé Second Délégué");
  await page.getByLabel("Mot de passe", { exact: true }).fill(password);
  await page.getByLabel("Confirmation du mot de passe").fill(password);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.locator("details.account-details summary")).toContainText("Noé Second Délégué");
  await context.close();
  return { email, password };
}

test("a question is asked, answered, accepted without JavaScript, marked useful, bookmarked, and shows as résolu", async ({ browser }) => {
  test.slow();
  const word = `quokka${Date.now().toString(36)}`;
  const title = `Comment paramétrer le ${word} dans l'ENT ?`;

  const admin = await member(browser, demo.admin);
  const second = await invitedDelegate(browser, admin);

  // A délégué asks a question.
  const asker = await member(browser, demo.delegate);
  await asker.goto("/fils/nouveau?type=question");
  await asker.getByLabel("Type de fil").selectOption("question");
  await asker.getByLabel("Titre").fill(title);
  await asker.getByRole("group", { name: "Thématiques" }).getByRole("checkbox").first().check();
  await asker.getByLabel("Message").fill(`Nous cherchons comment régler le ${word}.`);
  await asker.getByRole("button", { name: "Publier le fil" }).click();
  await expect(asker.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const threadUrl = new URL(asker.url()).pathname;

  // Another délégué answers.
  const answerer = await member(browser, second);
  await answerer.goto(threadUrl);
  await answerer.getByLabel("Votre réponse").fill(`Il faut activer le module ${word} dans l'administration.`);
  await answerer.getByRole("button", { name: "Publier la réponse" }).click();
  await expect(answerer.locator("article.post").filter({ hasText: "Il faut activer le module" })).toBeVisible();
  // Only the question's author (or a moderator) may accept.
  await expect(answerer.getByRole("button", { name: "Accepter comme réponse" })).toHaveCount(0);

  // The asker accepts it, without JavaScript.
  const noJs = await member(browser, demo.delegate, false);
  await noJs.goto(threadUrl);
  await noJs.getByRole("button", { name: "Accepter comme réponse" }).click();
  await expect(noJs).toHaveURL(/#message-\d+$/);
  const accepted = noJs.getByRole("region", { name: "Réponse acceptée" });
  await expect(accepted).toContainText("Il faut activer le module");
  await expect(accepted.getByRole("link", { name: /Lire la réponse à sa place/ })).toBeVisible();
  await expect(noJs.getByRole("button", { name: "Ne plus accepter cette réponse" })).toBeVisible();
  await noJs.context().close();

  // A third member marks it useful and bookmarks it.
  const reader = await member(browser, demo.observer);
  await reader.goto(threadUrl);
  await expect(reader.getByRole("region", { name: "Réponse acceptée" })).toBeVisible();
  const answer = reader.locator("article.post").filter({ hasText: "Il faut activer le module" });
  await answer.getByRole("button", { name: /^Utile/ }).click();
  await expect(answer.getByRole("button", { name: /^Utile/ })).toHaveAttribute("aria-pressed", "true");
  await answer.getByRole("button", { name: /Ajouter aux signets/ }).click();
  await expect(answer.getByRole("button", { name: /Retirer des signets/ })).toBeVisible();
  await expectNoAxeViolations(reader);

  // Résolu in the list (sorted by most useful) and in `statut:resolu` search.
  await reader.goto("/?type=question&tri=utiles");
  const item = reader.locator("li.thread-item").filter({ hasText: title });
  await expect(item.getByText("Résolu", { exact: true })).toBeVisible();
  await expectNoAxeViolations(reader);
  await reader.goto(`/recherche?q=${encodeURIComponent(`${word} statut:resolu`)}`);
  const hit = reader.locator("li.search-hit").filter({ hasText: title });
  await expect(hit.getByText("Résolu", { exact: true })).toBeVisible();
  await reader.goto(`/recherche?q=${encodeURIComponent(`${word} statut:ouvert`)}`);
  await expect(reader.locator("li.search-hit")).toHaveCount(0);

  // The answer's author sees it on their profile.
  await answerer.goto("/compte");
  await answerer.goto(threadUrl);
  const profileLink = answerer.locator("article.post").filter({ hasText: "Il faut activer le module" }).getByRole("link", { name: "Noé Second Délégué" }).first();
  await profileLink.click();
  await expect(answerer.getByRole("region", { name: "Réponses acceptées" })).toContainText(title);

  for (const page of [admin, asker, answerer, reader]) await page.context().close();
});

test("a draft typed in one browser context is found in another, listed in /brouillons and gone once published", async ({ browser }) => {
  test.slow();
  const stamp = Date.now();
  const text = `Brouillon commencé ailleurs ${stamp}`;
  const first = await member(browser, demo.delegate);
  await first.goto("/fils/nouveau");
  await first.getByLabel("Titre").fill(`Fil pour un brouillon ${stamp}`);
  await first.getByRole("group", { name: "Thématiques" }).getByRole("checkbox").first().check();
  await first.getByLabel("Message").fill("Le premier message du fil.");
  await first.getByRole("button", { name: "Publier le fil" }).click();
  await expect(first.getByRole("heading", { level: 1, name: `Fil pour un brouillon ${stamp}` })).toBeVisible();
  const threadUrl = new URL(first.url()).pathname;
  const editor = first.getByLabel("Votre réponse");
  await editor.pressSequentially(text, { delay: 5 });
  await expect(first.locator("[data-draft-status]")).toContainText("Brouillon enregistré");

  const second = await member(browser, demo.delegate);
  await second.goto(threadUrl);
  await expect(second.getByLabel("Votre réponse")).toHaveValue(text);
  await second.goto("/brouillons");
  await expect(second.getByRole("heading", { level: 1, name: "Mes brouillons" })).toBeVisible();
  await expect(second.locator(".draft-item").filter({ hasText: text })).toContainText("enregistré le");
  await expectNoAxeViolations(second);

  // Published from the second context: the draft is gone.
  await second.goto(threadUrl);
  await second.getByRole("button", { name: "Publier la réponse" }).click();
  await expect(second.locator("article.post").filter({ hasText: text })).toBeVisible();
  await second.goto("/brouillons");
  await expect(second.locator(".draft-item").filter({ hasText: text })).toHaveCount(0);

  // Without JavaScript, "Prévisualiser" saves the draft on the server.
  const noJs = await member(browser, demo.delegate, false);
  await noJs.goto(threadUrl);
  await noJs.getByLabel("Votre réponse").fill(`Sans JavaScript ${stamp}`);
  await noJs.getByRole("button", { name: "Prévisualiser" }).click();
  await noJs.goto("/brouillons");
  await expect(noJs.locator(".draft-item").filter({ hasText: `Sans JavaScript ${stamp}` })).toBeVisible();
  await noJs.locator(".draft-item").filter({ hasText: `Sans JavaScript ${stamp}` }).getByRole("button", { name: /Supprimer ce brouillon/ }).click();
  await expect(noJs.locator(".draft-item").filter({ hasText: `Sans JavaScript ${stamp}` })).toHaveCount(0);

  // Others never see it: an observer has no drafts page at all.
  const observer = await member(browser, demo.observer);
  const refused = await observer.goto("/brouillons");
  expect(refused?.status()).toBe(403);
  for (const page of [first, second, noJs, observer]) await page.context().close();
});

test("lists: an unknown sort is a 400 in the layout, compact density is remembered and shows 12 threads above the fold", async ({ browser }) => {
  const visitor = await (await browser.newContext()).newPage();
  const bad = await visitor.goto("/?tri=popularite");
  expect(bad?.status()).toBe(400);
  await expect(visitor.getByText(/Tri inconnu/)).toBeVisible();
  await visitor.context().close();

  const page = await member(browser, demo.delegate);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  const compact = page.getByRole("button", { name: "Affichage compact" });
  if ((await compact.getAttribute("aria-pressed")) !== "true") await compact.click();
  await expect(page.getByRole("button", { name: "Affichage compact" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("ol.thread-list--compact")).toBeVisible();
  // The demo has fewer than 12 threads: one line per thread, 12 of the tallest would still fit.
  const fit = await page.locator("ol.thread-list--compact").evaluate((list) => {
    const items = [...list.children].map((item) => item.getBoundingClientRect().height);
    return { top: list.getBoundingClientRect().top, tallest: Math.max(...items), count: items.length };
  });
  expect(fit.count).toBeGreaterThan(0);
  expect(fit.tallest).toBeLessThan(40);
  expect(fit.top + 12 * fit.tallest).toBeLessThanOrEqual(800);
  // Remembered: another browser context of the same member.
  const other = await member(browser, demo.delegate);
  await other.goto("/");
  await expect(other.locator("ol.thread-list--compact")).toBeVisible();
  await other.getByRole("button", { name: "Affichage compact" }).click();
  await expect(other.locator("ol.thread-list--compact")).toHaveCount(0);
  await expectNoAxeViolations(other);

  // "Tout marquer comme lu": no thread left unread on the home page.
  await other.getByRole("button", { name: "Tout marquer comme lu" }).click();
  await expect(other.locator("li.thread-item--unread")).toHaveCount(0);
  await page.context().close();
  await other.context().close();
});

test("the header holds one row at 1024 px; below, the account links are behind the menu button", async ({ browser }) => {
  const page = await member(browser, demo.admin);
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto("/");
  const height = await page.locator(".site-header").evaluate((header) => header.getBoundingClientRect().height);
  expect(height).toBeLessThan(70);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(page.getByRole("link", { name: "Signets" })).toBeHidden();
  await page.locator("details.account-details summary").click();
  await expect(page.getByRole("link", { name: "Signets" })).toBeVisible();
  await expectNoAxeViolations(page);
  // The search page's filters start collapsed on a phone.
  await page.goto("/recherche");
  await expect(page.getByLabel("Type de fil")).toBeHidden();
  await page.getByText("Filtres et tri").click();
  await expect(page.getByLabel("Type de fil")).toBeVisible();
  await page.context().close();
});
