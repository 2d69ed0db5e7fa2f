import { mkdirSync } from "node:fs";
import { join } from "node:path";

import type { Browser, Page } from "@playwright/test";

import { demo, signIn } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

/**
 * Issue 10: a proposal's life, from its reference text to the register, with and without JavaScript.
 * axe injects a script, so it runs in the JavaScript contexts; those check every governance page.
 */

const statutes = (cotisation: string, extra = "") =>
  [
    "Les collectivités qui partagent l'ENT commun s'associent.",
    "",
    "## Article 1 — Objet",
    "L'association porte le projet commun.",
    "",
    "## Article 2 — Membres",
    "Les régions, les départements et la Ville de Paris.",
    "",
    "## Article 3 — Cotisations",
    `Chaque membre verse ${cotisation} par an.`,
    extra,
  ].join("\n");

async function member(browser: Browser, account: { email: string; password: string }, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

async function openProposal(page: Page, title: string): Promise<string> {
  await page.goto("/fils/nouveau?type=gouvernance");
  await expect(page.getByLabel("Type de fil")).toHaveValue("gouvernance");
  await page.getByLabel("Titre").fill(title);
  await page.getByRole("checkbox", { name: "Île-de-France" }).check();
  await page.getByRole("checkbox", { name: "Gouvernance" }).check();
  await page.getByLabel("Message").fill("Voici le projet de statuts de l'association, à discuter.");
  await page.getByRole("button", { name: "Publier le fil" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator(".proposal")).toContainText("Proposition");
  return page.url().replace(/[?#].*$/, "");
}

async function saveVersion(page: Page, threadId: string, body: string, comment: string, expectedNumber: number) {
  await page.goto(`/gouvernance/propositions/${threadId}/texte`);
  await page.getByLabel("Texte (Markdown)").fill(body);
  await page.getByLabel("Ce que change cette version").fill(comment);
  await page.getByRole("button", { name: `Enregistrer la version ${expectedNumber}` }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Version en vigueur : version ${expectedNumber}`) })).toBeVisible();
}

test.describe.serial("a proposal from reference text to recorded decision, register, Markdown export and print", () => {
  const title = `Statuts de l'association ${Date.now()}`;
  let threadUrl = "";
  let threadId = "";
  test.beforeEach(() => test.setTimeout(300_000));

  test("a moderator (with JavaScript) opens it with a reference text, edits it twice, compares versions", async ({ browser }) => {
    const moderator = await member(browser, demo.moderator, true);
    threadUrl = await openProposal(moderator, title);
    threadId = /\/fils\/(\d+)/.exec(threadUrl)![1]!;
    await saveVersion(moderator, threadId, statutes("1 000 euros"), "Premier projet", 1);
    await expectNoAxeViolations(moderator);
    await saveVersion(moderator, threadId, statutes("1 200 euros"), "Cotisation relevée", 2);
    await saveVersion(moderator, threadId, statutes("1 200 euros", "\n## Article 4 — Durée\nL'association est constituée pour quatre ans."), "Durée ajoutée", 3);
    await expect(moderator.getByRole("link", { name: "Version 1" })).toBeVisible();

    await moderator.getByLabel("De la version").selectOption({ label: "Version 1" });
    await moderator.getByLabel("À la version").selectOption({ label: "Version 3" });
    await moderator.getByRole("button", { name: "Comparer" }).click();
    await expect(moderator.getByRole("heading", { level: 1 })).toContainText("version 1");
    const cotisations = moderator.locator(".article-diff__item").filter({ hasText: "Article 3" });
    await expect(cotisations.locator("ins").first()).toContainText("200");
    await expect(cotisations.locator("del").first()).toContainText("000");
    await expect(cotisations.locator("ins .visually-hidden").first()).toHaveText("[ajouté : ");
    await expect(moderator.locator(".article-diff__item").filter({ hasText: "Article 4" })).toContainText("ajouté");
    await expectNoAxeViolations(moderator);

    await moderator.goto(threadUrl);
    await moderator.getByRole("link", { name: "Mettre en discussion" }).click();
    await moderator.getByLabel("Commentaire (facultatif)").fill("Ouverture de la discussion.");
    await expectNoAxeViolations(moderator);
    await moderator.getByRole("button", { name: "Mettre en discussion" }).click();
    await expect(moderator.locator(".proposal")).toContainText("En discussion");
    await expect(moderator.locator(".gov-event")).toContainText("Proposition → En discussion");
    await moderator.context().close();
  });

  test("a délégué (without JavaScript) comments on article 3 and quotes version 2; may not move the status", async ({ browser }) => {
    const delegate = await member(browser, demo.delegate, false);
    await delegate.goto(`/gouvernance/propositions/${threadId}/texte`);
    await delegate.locator("#article-3").getByRole("link", { name: "Commenter l'article 3" }).click();
    await expect(delegate.getByText("Votre réponse sera rattachée à l'article 3 de la version 3.")).toBeVisible();
    const reply = delegate.getByLabel("Votre réponse");
    await reply.fill(`${await reply.inputValue()}Une cotisation de 1 200 euros pèse sur les petits départements.`);
    await delegate.getByRole("button", { name: "Publier la réponse" }).click();
    await expect(delegate.getByRole("link", { name: "article 3 de la version 3" }).first()).toBeVisible();

    await delegate.goto(`/gouvernance/propositions/${threadId}/texte`);
    await expect(delegate.locator("#article-3")).toContainText("1 commentaire");
    await delegate.getByRole("link", { name: "Version 2", exact: true }).click();
    await expect(delegate.getByRole("heading", { level: 1 })).toContainText("version 2");
    await delegate.locator("#article-3").getByRole("link", { name: "Citer l'article 3 dans une réponse" }).click();
    await expect(delegate.getByLabel("Votre réponse")).toHaveValue(/Article 3, version 2 du texte de référence\]\(\/gouvernance\/versions\/\d+#article-3\)/);
    await delegate.getByRole("button", { name: "Publier la réponse" }).click();
    const quote = delegate.locator("article.post blockquote").last();
    await expect(quote.getByRole("link", { name: "Article 3, version 2 du texte de référence" })).toBeVisible();

    await delegate.goto(threadUrl);
    await expect(delegate.getByRole("link", { name: "Enregistrer l'adoption" })).toHaveCount(0);
    const forged = await delegate.request.post(`/gouvernance/propositions/${threadId}/statut`, {
      form: { to: "adoptee", from: "discussion" },
      headers: { origin: new URL(delegate.url()).origin },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    await delegate.context().close();
  });

  test("the moderator records the adoption with votes: bad input first, then the decision locks the thread", async ({ browser }) => {
    const moderator = await member(browser, demo.moderator, true);
    await moderator.goto(threadUrl);
    await moderator.getByRole("link", { name: "Enregistrer l'adoption" }).click();
    await moderator.getByLabel("Date de la décision").fill("");
    await moderator.getByLabel("Pour").fill("douze");
    await moderator.getByLabel("Résumé de la décision").fill("Les statuts sont adoptés à une large majorité.");
    await moderator.getByRole("button", { name: "Enregistrer l'adoption" }).click();
    await expect(moderator.getByText("Indiquez l'instance qui a décidé")).toBeVisible();
    await expect(moderator.getByText("Indiquez la date de la décision.")).toBeVisible();
    await expect(moderator.getByText("Indiquez un nombre entier de voix")).toBeVisible();
    await expect(moderator.getByLabel("Résumé de la décision")).toHaveValue("Les statuts sont adoptés à une large majorité.");
    await expectNoAxeViolations(moderator);
    await moderator.getByLabel("Instance qui a décidé").fill("Assemblée générale du 12 mars 2026");
    await moderator.getByLabel("Date de la décision").fill("2026-03-12");
    await moderator.getByLabel("Pour").fill("14");
    await moderator.getByLabel("Contre").fill("1");
    await moderator.getByLabel("Abstentions").fill("2");
    await moderator.getByLabel("Version du texte de référence adoptée").selectOption({ label: "Version 3 — Durée ajoutée" });
    await moderator.getByRole("button", { name: "Enregistrer l'adoption" }).click();
    const decisionBox = moderator.locator(".decision");
    await expect(decisionBox).toContainText("Assemblée générale du 12 mars 2026");
    await expect(decisionBox).toContainText("Pour : 14 · Contre : 1 · Abstentions : 2");
    await expect(moderator.getByText("Ce fil est verrouillé")).toBeVisible();
    await expectNoAxeViolations(moderator);
    await moderator.context().close();
  });

  test("the decision is in the register, exports as Markdown and CSV, and prints cleanly", async ({ browser }) => {
    const moderator = await member(browser, demo.moderator, true);
    await moderator.goto("/gouvernance?thematique=gouvernance&annee=2026");
    const row = moderator.locator("table.register tr").filter({ hasText: title });
    await expect(row).toContainText("Adoptée");
    await expect(row.getByRole("link", { name: "Version 3" })).toBeVisible();
    await expectNoAxeViolations(moderator);
    // The decision's address, read before filtering the proposals (the filtered page is another page).
    const decisionHref = await row.getByRole("link", { name: /Décision n°/ }).getAttribute("href");
    expect(decisionHref).toMatch(/^\/gouvernance\/decisions\/\d+$/);
    await moderator.getByRole("combobox", { name: "Statut des propositions" }).selectOption("adoptee");
    await moderator.getByRole("button", { name: "Filtrer" }).click();
    await expect(moderator.locator(".thread-list")).toContainText(title);
    await moderator.goto(decisionHref!);
    await expect(moderator).toHaveURL(/\/gouvernance\/decisions\/\d+$/);
    await expect(moderator.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(moderator.locator("#article-4")).toContainText("quatre ans");
    await expectNoAxeViolations(moderator);
    const decisionPath = new URL(moderator.url()).pathname;
    const markdown = await moderator.request.get(`${decisionPath}.md`);
    expect(markdown.headers()["content-type"]).toContain("text/markdown");
    const text = await markdown.text();
    expect(text).toContain(`— ${title}`);
    expect(text).toContain("- Votes : Pour : 14 · Contre : 1 · Abstentions : 2");
    expect(text).toContain("## Texte adopté (version 3)");
    const csv = await moderator.request.get("/gouvernance/registre.csv");
    expect(await csv.text()).toContain(title);

    await moderator.emulateMedia({ media: "print" });
    await expect(moderator.locator(".site-header")).toBeHidden();
    await expect(moderator.getByRole("link", { name: "Exporter en Markdown" })).toBeHidden();
    // The citable address, absolute, from the configured origin (the embedded default here).
    await expect(moderator.locator(".decision-record__address")).toHaveText(
      `Adresse de cette décision : ${new URL(moderator.url()).origin}${decisionPath}`,
    );
    const dir = join(import.meta.dirname, ".output");
    mkdirSync(dir, { recursive: true });
    await moderator.screenshot({ path: join(dir, "governance-decision-print.png"), fullPage: true });
    await moderator.context().close();
  });
});

test("without JavaScript: a stale version is refused with both texts; diffs across proposals are 404", async ({ browser }) => {
  test.setTimeout(360_000);
  const first = await member(browser, demo.moderator, false);
  const second = await member(browser, demo.admin, false);
  const threadUrl = await openProposal(first, `Charte des usages ${Date.now()}`);
  const threadId = /\/fils\/(\d+)/.exec(threadUrl)![1]!;
  await saveVersion(first, threadId, statutes("500 euros"), "Premier jet", 1);

  // Both open the editor on version 1; the second to save is told, and keeps their text.
  await first.goto(`/gouvernance/propositions/${threadId}/texte`);
  await second.goto(`/gouvernance/propositions/${threadId}/texte`);
  await first.getByLabel("Texte (Markdown)").fill(statutes("600 euros"));
  await first.getByLabel("Ce que change cette version").fill("Hausse");
  await first.getByRole("button", { name: "Enregistrer la version 2" }).click();
  await expect(first.getByRole("heading", { name: /Version en vigueur : version 2/ })).toBeVisible();
  await second.getByLabel("Texte (Markdown)").fill(statutes("400 euros"));
  await second.getByLabel("Ce que change cette version").fill("Baisse");
  await second.getByRole("button", { name: "Enregistrer la version 2" }).click();
  await expect(second.getByRole("alert")).toContainText("votre version n'a pas été enregistrée");
  await expect(second.getByTestId("conflict-current")).toContainText("600 euros");
  await expect(second.getByLabel("Texte (Markdown)")).toHaveValue(/400 euros/);
  await second.getByRole("button", { name: "Enregistrer la version 3" }).click();
  await expect(second.getByRole("heading", { name: /Version en vigueur : version 3/ })).toBeVisible();

  // A huge text gets a clear message, nothing saved.
  await second.getByLabel("Texte (Markdown)").fill("x".repeat(100_001));
  await second.getByLabel("Ce que change cette version").fill("Trop long");
  await second.getByRole("button", { name: "Enregistrer la version 4" }).click();
  await expect(second.getByText(/ne peut pas dépasser 100\s000 caractères/u)).toBeVisible();

  // A transition that is not allowed: nothing changes.
  const notAllowed = await first.request.post(`/gouvernance/propositions/${threadId}/statut`, {
    form: { to: "adoptee", from: "proposition", decidingBody: "AG", decidedOn: "2026-01-01", summary: "Adoptée" },
    headers: { origin: new URL(first.url()).origin },
    maxRedirects: 0,
  });
  expect(notAllowed.status()).toBe(400);
  expect(await notAllowed.text()).toContain("ne peut pas passer à « Adoptée » : rien n'a été changé");

  // Versions of two proposals cannot be compared; bad ids are 404 too.
  const versionLinks = await first.locator(".version-list a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  const ownVersion = versionLinks[0]!.split("/").pop();
  const otherUrl = await openProposal(first, `Règle budgétaire ${Date.now()}`);
  const otherId = /\/fils\/(\d+)/.exec(otherUrl)![1]!;
  await saveVersion(first, otherId, statutes("10 euros"), "Autre texte", 1);
  const otherVersion = (await first.locator(".version-list a").first().getAttribute("href"))!.split("/").pop();
  for (const query of [`de=${ownVersion}&a=${otherVersion}`, "de=abc&a=-1", "de=99999999999999999999&a=1"]) {
    const response = await first.request.get(`/gouvernance/comparer?${query}`);
    expect(response.status(), query).toBe(404);
  }
  await first.goto(`/gouvernance/comparer?de=${versionLinks[1]!.split("/").pop()}&a=${ownVersion}`);
  await expect(first.locator(".article-diff__item").first()).toContainText("Article 3");
  await first.context().close();
  await second.context().close();
});

test("visitors read the register and public decisions; the settings page is for administrators", async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto("/gouvernance");
  await expect(visitor.getByRole("heading", { level: 1, name: "Gouvernance" })).toBeVisible();
  await expect(visitor.getByRole("link", { name: "Nouvelle proposition" })).toHaveCount(0);
  await expectNoAxeViolations(visitor);
  await context.close();

  const admin = await member(browser, demo.admin, true);
  await admin.goto("/admin/parametres");
  await expectNoAxeViolations(admin);
  const checkbox = admin.getByLabel("Les délégués peuvent ouvrir une proposition");
  await expect(checkbox).toBeChecked();
  await checkbox.uncheck();
  await admin.getByRole("button", { name: "Enregistrer" }).click();
  await expect(admin.getByText("Paramètres enregistrés")).toBeVisible();

  const delegate = await member(browser, demo.delegate, true);
  await delegate.goto("/fils/nouveau?type=gouvernance");
  await expect(delegate.getByLabel("Type de fil").locator("option[value=gouvernance]")).toHaveCount(0);
  await delegate.goto("/admin/parametres");
  await expect(delegate.getByRole("heading", { level: 1 })).not.toHaveText("Paramètres du site");

  await admin.getByLabel("Les délégués peuvent ouvrir une proposition").check();
  await admin.getByRole("button", { name: "Enregistrer" }).click();
  await expect(admin.getByText("Paramètres enregistrés")).toBeVisible();
  await admin.context().close();
  await delegate.context().close();
});
