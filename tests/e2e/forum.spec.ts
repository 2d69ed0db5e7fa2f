import type { Browser, Page } from "@playwright/test";

import { demo, signIn } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

async function member(browser: Browser, account: { email: string; password: string }, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

/**
 * A délégué posts an experience report tagged with two collectivités and two thématiques, a
 * modérateur replies quoting it, the délégué edits, and the history shows the difference.
 */
async function forumFlow(browser: Browser, javaScriptEnabled: boolean) {
  // axe runs as a script in the page: the pages are checked in the JavaScript run.
  const checkAccessibility = javaScriptEnabled ? expectNoAxeViolations : async () => undefined;
  const suffix = javaScriptEnabled ? "avec JavaScript" : "sans JavaScript";
  const title = `Déploiement des tablettes ${suffix} ${Date.now()}`;
  const delegate = await member(browser, demo.delegate, javaScriptEnabled);

  await delegate.goto("/fils/nouveau?type=retour");
  await expect(delegate.getByLabel("Message")).toHaveValue(/## Contexte[\s\S]*## Enseignements/);
  await checkAccessibility(delegate);
  await delegate.getByLabel("Titre").fill("Court");
  await delegate.getByRole("button", { name: "Publier le fil" }).click();
  await expect(delegate.getByText(/au moins 8 caractères/)).toBeVisible();
  await expect(delegate.getByText(/au moins une thématique/)).toBeVisible();
  await expect(delegate.getByLabel("Message")).toHaveValue(/## Contexte/);

  await delegate.getByLabel("Titre").fill(title);
  await delegate.getByRole("checkbox", { name: "Île-de-France" }).check();
  await delegate.getByRole("checkbox", { name: "Seine-et-Marne" }).check();
  await delegate.getByRole("checkbox", { name: "Déploiement" }).check();
  await delegate.getByRole("checkbox", { name: "Formation" }).check();
  await delegate.getByLabel("Collectivité dont vous racontez l'expérience").selectOption({ label: "Île-de-France" });
  await delegate.getByLabel("Nombre d'établissements concernés").fill("42");
  await delegate.getByLabel("Début de la période (AAAA-MM)").fill("2024-09");
  await delegate.getByLabel("Fin de la période (AAAA-MM)").fill("2025-06");
  await delegate.getByLabel("Message").fill("## Contexte\n\nQuarante-deux collèges **équipés** de tablettes.\n\n## Enseignements\n\nPrévoir la maintenance dès le départ.");
  await delegate.getByRole("button", { name: "Prévisualiser" }).click();
  await expect(delegate.getByRole("region", { name: "Aperçu du message" }).locator("strong")).toHaveText("équipés");
  await delegate.getByRole("button", { name: "Publier le fil" }).click();

  await expect(delegate.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const tags = delegate.getByRole("list", { name: "Étiquettes" }).first();
  for (const tag of ["Île-de-France", "Seine-et-Marne", "Déploiement", "Formation"]) await expect(tags.getByRole("link", { name: tag })).toBeVisible();
  const card = delegate.getByRole("definition").filter({ hasText: "42" });
  await expect(card).toBeVisible();
  await expect(delegate.getByText("de septembre 2024 à juin 2025")).toBeVisible();
  await checkAccessibility(delegate);
  const threadUrl = delegate.url().replace(/#.*$/, "");

  const moderator = await member(browser, demo.moderator, javaScriptEnabled);
  await moderator.goto(threadUrl);
  await moderator.locator("article").first().getByRole("link", { name: /^Citer/ }).click();
  await expect(moderator.getByLabel("Votre réponse")).toHaveValue(/^> \[Alex Délégué \\\(démo\\\) a écrit\]\(\/messages\/\d+\) :/);
  const quoted = await moderator.getByLabel("Votre réponse").inputValue();
  await moderator.getByLabel("Votre réponse").fill(`${quoted}Combien de tablettes par collège ?`);
  await moderator.getByRole("button", { name: "Publier la réponse" }).click();
  const reply = moderator.locator("article").filter({ hasText: "Combien de tablettes par collège ?" });
  await expect(reply).toBeVisible();
  await expect(reply.locator("blockquote a")).toHaveAttribute("href", /^\/messages\/\d+$/);
  await checkAccessibility(moderator);

  await delegate.goto(threadUrl);
  await delegate.locator("article").first().getByRole("link", { name: /^Modifier/ }).click();
  await expect(delegate.getByRole("heading", { name: "Modifier votre message" })).toBeVisible();
  await checkAccessibility(delegate);
  await delegate.getByLabel("Message").fill("## Contexte\n\nQuarante-trois collèges **équipés** de tablettes.\n\n## Enseignements\n\nPrévoir la maintenance dès le départ.");
  await delegate.getByRole("button", { name: "Enregistrer" }).click();
  await expect(delegate.locator("article").first()).toContainText("Quarante-trois collèges");
  await delegate.locator("article").first().getByRole("link", { name: "modifié" }).click();
  await expect(delegate.getByRole("heading", { name: "Historique du message" })).toBeVisible();
  await expect(delegate.getByTestId("diff").locator("del")).toContainText("deux");
  await expect(delegate.getByTestId("diff").locator("ins")).toContainText("trois");
  await checkAccessibility(delegate);

  await delegate.context().close();
  await moderator.context().close();
}

test("a retour d'expérience is posted, quoted in a reply, edited, and its history shows the change", async ({ browser }) => {
  await forumFlow(browser, true);
});

test("the same flow works without JavaScript", async ({ browser }) => {
  await forumFlow(browser, false);
});

test("a concurrent edit is detected and both texts are shown", async ({ browser }) => {
  const first = await member(browser, demo.delegate, true);
  const second = await first.context().newPage();
  await first.goto("/");
  await first.getByRole("link", { name: "Exemple : former les référents numériques avant la rentrée" }).click();
  const editLink = first.locator("article").first().getByRole("link", { name: /^Modifier/ });
  const editUrl = await editLink.getAttribute("href");
  await first.goto(editUrl!);
  await second.goto(editUrl!);
  await first.getByLabel("Message").fill("Texte enregistré depuis le premier onglet.");
  await first.getByRole("button", { name: "Enregistrer" }).click();
  await expect(first.locator("article").first()).toContainText("premier onglet");
  await second.getByLabel("Message").fill("Texte écrit dans le second onglet.");
  await second.getByRole("button", { name: "Enregistrer" }).click();
  await expect(second.getByText("Ce message a été modifié entre-temps")).toBeVisible();
  await expect(second.getByTestId("conflict-current")).toHaveText("Texte enregistré depuis le premier onglet.");
  await expect(second.getByLabel("Message", { exact: true })).toHaveValue("Texte écrit dans le second onglet.");
  await expectNoAxeViolations(second);
  await first.context().close();
});

test("visitors read public threads and are sent to sign in for members' threads", async ({ page }) => {
  await page.goto("/");
  const titles = await page.locator(".thread-item__title").allTextContents();
  expect(titles).toContain("Exemple : former les référents numériques avant la rentrée");
  expect(titles).not.toContain("Exemple : phase pilote dans un petit nombre de collèges");
  await expectNoAxeViolations(page);
  await page.goto("/fils/2");
  await expect(page).toHaveURL(/\/connexion\?retour=/);
  const response = await page.goto("/fils/1");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/fils\/1-exemple-former-les-referents/);
  await expectNoAxeViolations(page);
});

test("a reply being typed survives a reload and is dropped once published", async ({ browser }) => {
  const page = await member(browser, demo.delegate, true);
  await page.goto("/fils/5?page=1");
  const editor = page.getByLabel("Votre réponse");
  await editor.click();
  await editor.pressSequentially("Une réponse qui ne doit pas se perdre.");
  await expect(page.getByRole("region", { name: "Aperçu du message" })).toContainText("Une réponse qui ne doit pas se perdre.");
  await page.reload();
  await expect(page.getByText("Brouillon restauré depuis ce navigateur.")).toBeVisible();
  await expect(page.getByLabel("Votre réponse")).toHaveValue("Une réponse qui ne doit pas se perdre.");
  await page.getByRole("button", { name: "Publier la réponse" }).click();
  await expect(page.locator("article").filter({ hasText: "Une réponse qui ne doit pas se perdre." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Votre réponse")).toHaveValue("");
  await page.context().close();
});
