import type { Browser, Page } from "@playwright/test";

import { demo, openAccountMenu, signIn } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

/** Profiles, the member directory and bookmarks (issue 14, items 3 and 4). */

async function member(browser: Browser, account: { email: string; password: string }, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

async function bookmarkFlow(browser: Browser, javaScriptEnabled: boolean) {
  // Each run bookmarks a different post as a different member: the demo database is shared.
  const account = javaScriptEnabled ? demo.observer : demo.delegate;
  const text = javaScriptEnabled ? "Merci pour ce retour" : "Oui, nous le déposerons";
  const note = `À présenter au comité ${javaScriptEnabled ? "avec" : "sans"} JavaScript`;
  const page = await member(browser, account, javaScriptEnabled);

  await page.goto("/fils/1?page=1");
  const post = page.locator("article.post").filter({ hasText: text });
  await post.getByRole("button", { name: /Ajouter aux signets/ }).click();
  await expect(post.getByRole("button", { name: /Retirer des signets/ })).toBeVisible();
  if (javaScriptEnabled) {
    // The fetcher toggled in place: no navigation, the state is announced.
    await expect(post.getByRole("button", { name: /Retirer des signets/ })).toHaveAttribute("aria-pressed", "true");
    await expectNoAxeViolations(page);
  } else {
    await expect(page).toHaveURL(/\/fils\/1-.*#message-\d+$/);
  }

  await openAccountMenu(page);
  await page.getByRole("link", { name: "Signets" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mes signets" })).toBeVisible();
  const item = page.locator("li.bookmark").filter({ hasText: text });
  await expect(item.getByRole("link", { name: "Exemple : former les référents numériques avant la rentrée" })).toBeVisible();
  await item.getByText("Modifier la note ou le rappel").click();

  // Too long: refused next to the field, with the limit, and what was typed is kept.
  const tooLong = `${note} ${"x".repeat(500)}`;
  await item.getByLabel("Note privée").fill(tooLong);
  await item.getByRole("button", { name: "Enregistrer" }).click();
  const refused = page.locator("li.bookmark").filter({ hasText: text });
  await expect(refused.getByText(/La note ne doit pas dépasser 500 caractères/)).toBeVisible();
  await expect(refused.getByLabel("Note privée")).toHaveValue(tooLong);

  await refused.getByLabel("Note privée").fill(note);
  await refused.getByLabel("Date de rappel").fill("2020-01-15");
  await refused.getByRole("button", { name: "Enregistrer" }).click();
  const saved = page.locator("li.bookmark").filter({ hasText: text });
  await expect(saved.locator(".bookmark__note")).toHaveText(`Votre note : ${note}`);
  await expect(saved.getByText("rappel le 15 janvier 2020")).toBeVisible();
  if (javaScriptEnabled) await expectNoAxeViolations(page);

  await saved.getByRole("button", { name: /Retirer des signets/ }).click();
  await expect(page.locator("li.bookmark").filter({ hasText: text })).toHaveCount(0);
  await page.context().close();
}

test("a member bookmarks a post, adds a note and a reminder, and finds it on /signets", async ({ browser }) => {
  await bookmarkFlow(browser, true);
});

test("bookmarks work without JavaScript", async ({ browser }) => {
  await bookmarkFlow(browser, false);
});

test("the member directory filters by name, role and collectivité", async ({ browser, page }) => {
  await page.goto("/membres");
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fmembres/);

  const observer = await member(browser, demo.observer, true);
  await openAccountMenu(observer);
  await observer.getByRole("link", { name: "Annuaire" }).click();
  await expect(observer.getByRole("heading", { level: 1, name: "Annuaire des membres" })).toBeVisible();
  const names = () => observer.locator(".directory-table tbody th").allTextContents();
  expect(await names()).toEqual(expect.arrayContaining(["Alex Délégué (démo)", "Camille Admin (démo)", "Sam Observateur (démo)"]));
  await expectNoAxeViolations(observer);

  await observer.getByLabel("Nom").fill("ALEX delegue");
  await observer.getByRole("button", { name: "Filtrer" }).click();
  await expect(observer).toHaveURL(/q=ALEX\+delegue/);
  // The URL changes before the table does (client navigation): poll the table.
  await expect.poll(names).toEqual(["Alex Délégué (démo)"]);

  await observer.getByRole("link", { name: "Tout afficher" }).click();
  await expect(observer).toHaveURL(/\/membres$/);
  await observer.getByLabel("Rôle").selectOption({ label: "Modérateur" });
  await observer.getByRole("button", { name: "Filtrer" }).click();
  await expect(observer).toHaveURL(/role=moderateur/);
  await expect.poll(names).not.toContain("Alex Délégué (démo)");
  expect(await names()).toContain("Dominique Modération (démo)");

  await observer.getByRole("link", { name: "Tout afficher" }).click();
  await expect(observer).toHaveURL(/\/membres$/);
  await observer.getByLabel("Collectivité").selectOption({ label: "Île-de-France" });
  await observer.getByRole("button", { name: "Filtrer" }).click();
  await expect(observer).toHaveURL(/collectivite=\d+/);
  await expect.poll(names).not.toContain("Dominique Modération (démo)");
  expect(await names()).toContain("Alex Délégué (démo)");

  // A profile: role, collectivité, last seen, and the member's threads and replies.
  await observer.getByRole("link", { name: "Alex Délégué (démo)" }).click();
  await expect(observer.getByRole("heading", { level: 1, name: "Alex Délégué (démo)" })).toBeVisible();
  await expect(observer.getByText("Dernière visite")).toBeVisible();
  const threads = observer.getByRole("region", { name: "Fils ouverts" });
  await expect(threads.getByRole("link", { name: "Exemple : former les référents numériques avant la rentrée" })).toBeVisible();
  const replies = observer.getByRole("region", { name: "Réponses" });
  await expect(replies.getByText("Oui, nous le déposerons")).toBeVisible();
  await expectNoAxeViolations(observer);
  await observer.context().close();
});

test("visitors see author names without sign-in links, or the public profile a member chose", async ({ browser, page }) => {
  await page.goto("/fils/1");
  const author = page.locator(".post__author").filter({ hasText: "Alex Délégué (démo)" }).first();
  await expect(author).toBeVisible();
  await expect(author.getByRole("link")).toHaveCount(0);
  await expect(page.locator('a[href^="/membres/"]')).toHaveCount(0);
  await page.goto("/");
  await expect(page.locator('.thread-item__meta a[href^="/membres/"]')).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The délégué makes their profile public, with a bio that visitors never see.
  const delegate = await member(browser, demo.delegate, true);
  await delegate.goto("/compte");
  await delegate.getByLabel("Présentation").fill("Référent **ENT** pour les lycées.");
  await delegate.getByLabel("Profil public").check();
  await delegate.getByRole("button", { name: "Enregistrer le profil" }).click();
  await expect(delegate.getByText("Votre profil a été enregistré.")).toBeVisible();
  await expectNoAxeViolations(delegate);

  try {
    await page.goto("/fils/1");
    await page.locator(".post__author").getByRole("link", { name: "Alex Délégué (démo)" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Alex Délégué (démo)" })).toBeVisible();
    const threads = page.getByRole("region", { name: "Fils publics ouverts" });
    await expect(threads.getByRole("link", { name: "Exemple : former les référents numériques avant la rentrée" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Présentation" })).toHaveCount(0);
    await expect(page.getByText("pour les lycées")).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Réponses" })).toHaveCount(0);
    await expect(page.getByText("Dernière visite")).toHaveCount(0);
    await expectNoAxeViolations(page);
  } finally {
    await delegate.goto("/compte");
    await delegate.getByLabel("Présentation").fill("");
    await delegate.getByLabel("Profil public").uncheck();
    await delegate.getByRole("button", { name: "Enregistrer le profil" }).click();
    await expect(delegate.getByText("Votre profil a été enregistré.")).toBeVisible();
    await delegate.context().close();
  }
});
