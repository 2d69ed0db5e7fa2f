import type { Page } from "@playwright/test";

import { demo, signIn, signOut } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

async function draftKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith("openent:brouillon:")));
}

test("a draft never outlives sign-out nor reaches the next member on the same browser", async ({ page }) => {
  await signIn(page, demo.delegate);
  await page.goto("/fils/5?page=1");
  const editor = page.getByLabel("Votre réponse");
  await editor.click();
  await editor.pressSequentially("Brouillon confidentiel de A.");
  await expect.poll(() => draftKeys(page)).toHaveLength(1);
  // The member moves on (the draft stays, as a draft should), then signs out from another page.
  await page.getByRole("link", { name: "Collectivités" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await draftKeys(page)).toHaveLength(1);
  await signOut(page);
  await expect.poll(() => draftKeys(page)).toEqual([]);

  await signIn(page, demo.moderator);
  await page.goto("/fils/5?page=1");
  await expect(page.getByLabel("Votre réponse")).toHaveValue("");
  await expect(page.getByText("Brouillon restauré depuis ce navigateur.")).toHaveCount(0);
});

test("a draft left by another member is never restored, and a signed-out page purges it", async ({ page }) => {
  await signIn(page, demo.moderator);
  await page.goto("/fils/5?page=1");
  const threadId = 5;
  // What an older version, or another member's tab, may have left behind.
  await page.evaluate((id) => {
    window.localStorage.setItem(`openent:brouillon:reponse-${id}`, "Ancien brouillon sans membre.");
    window.localStorage.setItem(`openent:brouillon:999999:reponse-${id}`, "Brouillon d'un autre membre.");
  }, threadId);
  await page.reload();
  await expect(page.getByLabel("Votre réponse")).toHaveValue("");
  await page.context().clearCookies();
  await page.goto("/");
  await expect.poll(() => draftKeys(page)).toEqual([]);
});

test("« Commencer par : Retour d'expérience » sets the type and the template; choosing the type does too", async ({ page }) => {
  await signIn(page, demo.delegate);
  await page.goto("/fils/nouveau");
  const kind = page.getByLabel("Type de fil");
  const body = page.getByLabel("Message");
  await expect(kind).toHaveValue("discussion");
  await expect(body).toHaveValue("");
  await page.getByRole("link", { name: "Retour d'expérience" }).click();
  await expect(page).toHaveURL(/\?type=retour$/);
  await expect(kind).toHaveValue("retour");
  await expect(body).toHaveValue(/## Contexte[\s\S]*## Enseignements/);

  // Back to a discussion: the untouched template goes; choosing "retour" in the list brings it back.
  await kind.selectOption("discussion");
  await expect(body).toHaveValue("");
  await kind.selectOption("retour");
  await expect(body).toHaveValue(/## Contexte/);
  // What the member wrote is never replaced.
  await body.fill("Mon propre texte.");
  await kind.selectOption("question");
  await kind.selectOption("retour");
  await expect(body).toHaveValue("Mon propre texte.");

  // Published as what the select says.
  await kind.selectOption("question");
  await page.getByRole("link", { name: "Retour d'expérience" }).click();
  await expect(kind).toHaveValue("retour");
  const title = `Un retour publié comme tel ${Date.now()}`;
  await page.getByLabel("Titre").fill(title);
  await page.getByRole("checkbox", { name: "Île-de-France" }).check();
  await page.getByRole("checkbox", { name: "Formation" }).check();
  await page.getByLabel("Collectivité dont vous racontez l'expérience").selectOption({ label: "Île-de-France" });
  await page.getByRole("button", { name: "Publier le fil" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator(".thread-head__kind .kind")).toHaveText("Retour d'expérience");
});

test("without JavaScript, ?type=retour preselects the type and the template", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, demo.delegate);
  await page.goto("/fils/nouveau?type=retour");
  await expect(page.getByLabel("Type de fil")).toHaveValue("retour");
  await expect(page.getByLabel("Message")).toHaveValue(/## Contexte/);
  await context.close();
});

test("a double click publishes one reply, and the button says it is sending", async ({ page }) => {
  await signIn(page, demo.delegate);
  await page.goto("/fils/5?page=1");
  const text = `Réponse cliquée deux fois ${Date.now()}`;
  await page.getByLabel("Votre réponse").fill(text);
  // Hold the submission so the pending state can be seen, as on a slow network.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/fils\/5-/, async (route) => {
    if (route.request().method() === "POST") await held;
    await route.continue();
  });
  const button = page.getByRole("button", { name: "Publier la réponse" });
  await button.dblclick();
  await expect(page.getByRole("button", { name: "Publication…" })).toBeDisabled();
  release();
  await expect(page.locator("article").filter({ hasText: text })).toHaveCount(1);
  await page.unroute(/\/fils\/5-/);
  await page.reload();
  await expect(page.locator("article").filter({ hasText: text })).toHaveCount(1);
});

test("a search page beyond the last redirects to the last page", async ({ request }) => {
  const response = await request.get("/recherche?q=ENT&page=9999", { maxRedirects: 0 });
  expect(response.status()).toBe(302);
  expect(response.headers()["location"]).toMatch(/^\/recherche\?q=ENT(&page=\d+)?$/);
});

for (const width of [1280, 390]) {
  test(`the members administration fits a ${width} px wide screen`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, demo.admin);
    await page.goto("/admin/membres");
    await expect(page.getByRole("table")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const wrap = page.locator(".table-wrap").first();
    await expect(wrap).toHaveAttribute("tabindex", "0");
    await expectNoAxeViolations(page);
  });
}
