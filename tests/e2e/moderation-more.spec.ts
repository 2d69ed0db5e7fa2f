import { request as playwrightRequest, type Browser, type Page } from "@playwright/test";

import { demo, linkFromLatestMail, signIn } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

/**
 * Issue 9, items 7 and 11: a moderator edits and deletes a délégué's post (the history shows who,
 * readers see the reason), a délégué gets 403 on someone else's edit page; a moderator warns a
 * délégué, who sees the warning until acknowledging it; a moderator suspends a fresh member until
 * a date, who is refused at sign-in with the date and the reason. With and without JavaScript
 * where a form is involved. Threads and members are created here; the demo accounts keep their state.
 */

// Several members and pages per test, on a shared machine: generous limits, no fixed waits.
test.describe.configure({ timeout: 300_000 });

async function memberPage(browser: Browser, account: { email: string; password: string }, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

async function newThread(page: Page, title: string, body: string): Promise<string> {
  await page.goto("/fils/nouveau?type=discussion");
  await page.getByLabel("Titre").fill(title);
  await page.getByRole("checkbox", { name: "Île-de-France" }).check();
  await page.getByRole("checkbox", { name: "Déploiement" }).check();
  await page.getByLabel("Message").fill(body);
  await page.getByRole("button", { name: "Publier le fil" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  return new URL(page.url()).pathname;
}

async function editAndDelete(browser: Browser, javaScriptEnabled: boolean) {
  const suffix = javaScriptEnabled ? "avec JavaScript" : "sans JavaScript";
  const delegate = await memberPage(browser, demo.delegate, javaScriptEnabled);
  const title = `Fil modéré ${suffix} ${Date.now()}`;
  const path = await newThread(delegate, title, "Mon numéro personnel : 06 00 00 00 00.");
  await delegate.getByLabel("Votre réponse").fill("Une réponse à supprimer.");
  await delegate.getByRole("button", { name: "Publier la réponse" }).click();
  await expect(delegate.getByText("Une réponse à supprimer.")).toBeVisible();

  const moderator = await memberPage(browser, demo.moderator, javaScriptEnabled);
  await moderator.goto(path);
  await moderator.locator("article").first().getByRole("link", { name: /^Modifier \(modération\)/ }).click();
  await expect(moderator.getByRole("heading", { level: 1, name: "Modifier un message (modération)" })).toBeVisible();
  if (javaScriptEnabled) await expectNoAxeViolations(moderator);
  await moderator.getByLabel("Message").fill("Mon numéro personnel : (retiré par la modération).");
  await moderator.getByRole("button", { name: "Enregistrer" }).click();
  await expect(moderator.locator("article").first()).toContainText("retiré par la modération");
  await moderator.locator("article").first().getByRole("link", { name: "modifié" }).click();
  await expect(moderator.getByText(/Version 2 — Dominique Modération \(démo\)/)).toBeVisible();

  await moderator.goto(path);
  const second = moderator.locator("article").nth(1);
  await second.getByRole("link", { name: /^Masquer ou supprimer/ }).click();
  await expect(moderator.getByRole("heading", { level: 1, name: "Modérer un message" })).toBeVisible();
  if (javaScriptEnabled) await expectNoAxeViolations(moderator);
  await moderator.getByRole("button", { name: "Supprimer le message" }).click();
  await expect(moderator.getByText("Indiquez la raison : elle est montrée aux lecteurs.")).toBeVisible();
  await moderator.getByLabel("Raison de la suppression").fill(`Hors charte (${suffix}).`);
  await moderator.getByRole("button", { name: "Supprimer le message" }).click();
  const deleted = moderator.locator("article").nth(1);
  await expect(deleted).toContainText("Message supprimé par la modération.");
  await expect(deleted).toContainText(`Raison : Hors charte (${suffix}).`);

  await delegate.goto(path);
  await expect(delegate.getByText("Une réponse à supprimer.")).toHaveCount(0);
  await expect(delegate.locator("article").nth(1)).toContainText(`Raison : Hors charte (${suffix}).`);
  // The author is told on their next page.
  await expect(delegate.locator(".member-notices")).toContainText("a été supprimé par la modération");
}

test("a moderator edits and deletes a délégué's posts, with JavaScript", async ({ browser }) => {
  await editAndDelete(browser, true);
});

test("a moderator edits and deletes a délégué's posts, without JavaScript", async ({ browser }) => {
  await editAndDelete(browser, false);
});

test("a délégué opening someone else's edit page gets a clear 403; a post that is not there, 404", async ({ browser }) => {
  const moderator = await memberPage(browser, demo.moderator);
  const path = await newThread(moderator, `Fil du modérateur ${Date.now()}`, "Texte du modérateur.");
  const editUrl = await moderator.locator("article").first().getByRole("link", { name: /^Modifier/ }).getAttribute("href");
  const delegate = await memberPage(browser, demo.delegate);
  const refused = await delegate.goto(editUrl!);
  expect(refused?.status()).toBe(403);
  await expect(delegate.getByText(/Ce message n'est pas le vôtre/)).toBeVisible();
  const missing = await delegate.goto(`${path}/messages/99999999/modifier`);
  expect(missing?.status()).toBe(404);
});

test("a moderator warns a délégué: shown on every page until acknowledged", async ({ browser }) => {
  const delegate = await memberPage(browser, demo.delegate, false);
  const path = await newThread(delegate, `Fil d'un délégué averti ${Date.now()}`, "Un message un peu vif.");
  const moderator = await memberPage(browser, demo.moderator, false);
  await moderator.goto(path);
  await moderator.locator("article").first().getByRole("link", { name: "Alex Délégué (démo)", exact: true }).click();
  await moderator.getByRole("link", { name: "Avertir ou suspendre" }).click();
  await expect(moderator.getByRole("heading", { level: 1, name: "Avertir ou suspendre Alex Délégué (démo)" })).toBeVisible();
  await moderator.getByRole("button", { name: "Envoyer l'avertissement" }).click();
  await expect(moderator.getByText("Écrivez l'avertissement : le membre le lira.")).toBeVisible();
  const text = `Merci de garder un ton courtois (${Date.now()}).`;
  await moderator.getByLabel("Avertissement").fill(text);
  await moderator.getByRole("button", { name: "Envoyer l'avertissement" }).click();
  await expect(moderator.getByText(/L'avertissement est envoyé/)).toBeVisible();

  await delegate.goto("/");
  const warning = delegate.getByRole("region", { name: "Avertissement de la modération" });
  await expect(warning).toContainText(text);
  await delegate.goto("/thematiques");
  await expect(warning).toContainText(text);
  await warning.getByRole("button", { name: /^J'ai pris connaissance/ }).last().click();
  await expect(delegate).toHaveURL(/\/thematiques$/);
  await expect(delegate.getByText(text)).toHaveCount(0);
});

test("a moderator suspends a member until a date: sign-in says until when and why", async ({ browser, baseURL }) => {
  // A fresh observateur, invited by the administrator (the demo accounts stay active).
  const admin = await playwrightRequest.newContext({ baseURL: baseURL!, extraHTTPHeaders: { Origin: baseURL! } });
  await admin.post("/connexion", { form: demo.admin, maxRedirects: 0 });
  const email = `suspension.${Date.now()}@example.org`;
  expect((await admin.post("/admin/invitations", { form: { intent: "create", email, role: "observer", collectiviteId: "" } })).status()).toBe(200);
  const invitation = await linkFromLatestMail(email, "/invitation/");
  const member = await (await browser.newContext()).newPage();
  const name = `Membre à suspendre ${Date.now()}`;
  await member.goto(invitation);
  await member.getByLabel("Nom d'affichage").fill(name);
  await member.getByLabel("Mot de passe", { exact: true }).fill("cinq mots pour un secret");
  await member.getByLabel("Confirmation du mot de passe").fill("cinq mots pour un secret");
  await member.getByRole("button", { name: "Créer mon compte" }).click();
  // Signed in: the header's account menu carries the new member's name.
  await expect(member.locator("details.account-details summary")).toContainText(name);
  await admin.dispose();

  const moderator = await memberPage(browser, demo.moderator);
  await moderator.goto(`/membres?q=${encodeURIComponent(name)}`);
  await moderator.getByRole("link", { name }).first().click();
  await moderator.getByRole("link", { name: "Avertir ou suspendre" }).click();
  await expectNoAxeViolations(moderator);
  await moderator.getByLabel("Jusqu'au").fill("2020-01-01");
  await moderator.getByLabel("Raison", { exact: true }).fill("Messages hors charte répétés");
  await moderator.getByRole("button", { name: "Suspendre" }).click();
  await expect(moderator.getByText("Cette date est déjà passée : choisissez une date à venir.")).toBeVisible();
  await expect(moderator.getByLabel("Raison", { exact: true })).toHaveValue("Messages hors charte répétés");
  const until = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await moderator.getByLabel("Jusqu'au").fill(until);
  await moderator.getByRole("button", { name: "Suspendre" }).click();
  await expect(moderator.getByText(/Le compte est suspendu/)).toBeVisible();
  await expect(moderator.getByText(/Suspendu jusqu'au/)).toBeVisible();

  // Their session is over, and sign-in says until when and why.
  await member.goto("/compte");
  await expect(member).toHaveURL(/\/connexion/);
  await member.getByLabel("Adresse e-mail").fill(email);
  await member.getByLabel("Mot de passe", { exact: true }).fill("cinq mots pour un secret");
  await member.getByRole("button", { name: "Se connecter" }).click();
  await expect(member.getByText(/Votre compte est suspendu jusqu'au .* Raison : Messages hors charte répétés/)).toBeVisible();
});

test("a moderator retitles and retags a thread; the old address still leads to it (without JavaScript)", async ({ browser }) => {
  const moderator = await memberPage(browser, demo.moderator, false);
  const stamp = Date.now();
  const oldPath = await newThread(moderator, `Titre provisoire ${stamp}`, "Un fil à renommer.");
  await moderator.getByRole("link", { name: "Changer le titre, le type ou les étiquettes" }).click();
  await expect(moderator.getByRole("heading", { level: 1, name: "Titre, type et étiquettes du fil" })).toBeVisible();
  // No thématique: a message next to the group, the new title kept.
  await moderator.getByLabel("Titre").fill(`Titre définitif ${stamp}`);
  await moderator.getByRole("checkbox", { name: "Déploiement" }).uncheck();
  await moderator.getByRole("button", { name: "Enregistrer" }).click();
  await expect(moderator.getByText("Choisissez au moins une thématique.")).toBeVisible();
  await expect(moderator.getByLabel("Titre")).toHaveValue(`Titre définitif ${stamp}`);
  await moderator.getByRole("checkbox", { name: "Gouvernance" }).check();
  await moderator.getByLabel("Type de fil").selectOption("question");
  await moderator.getByRole("button", { name: "Enregistrer" }).click();
  await expect(moderator.getByRole("heading", { level: 1, name: `Titre définitif ${stamp}` })).toBeVisible();
  await expect(moderator.getByRole("list", { name: "Étiquettes" })).toContainText("Gouvernance");
  await moderator.goto(oldPath);
  await expect(moderator.getByRole("heading", { level: 1, name: `Titre définitif ${stamp}` })).toBeVisible();
  expect(new URL(moderator.url()).pathname).not.toBe(oldPath);
});

test("the retag page is accessible, and a délégué gets 403 on someone else's thread", async ({ browser }) => {
  const moderator = await memberPage(browser, demo.moderator);
  const path = await newThread(moderator, `Fil à étiqueter ${Date.now()}`, "Un fil du modérateur.");
  await moderator.goto(`${path}/etiquettes`);
  await expectNoAxeViolations(moderator);
  const delegate = await memberPage(browser, demo.delegate);
  expect((await delegate.goto(`${path}/etiquettes`))?.status()).toBe(403);
});
