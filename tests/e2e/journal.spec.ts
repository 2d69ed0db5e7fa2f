import { demo, signIn } from "./support/accounts";
import { expect, expectNoAxeViolations, test } from "./support/fixtures";

/** Issue 9, item 10: the moderation journal, read by moderators, refused to délégués. */

test("a moderator filters the journal by action, follows a link to the target, and bad dates are explained", async ({ page }) => {
  await signIn(page, demo.moderator);
  const name = `Journal ${Date.now()}`;
  await page.goto("/thematiques/nouvelle");
  await page.getByLabel("Nom", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Créer la thématique" }).click();
  await expect(page).not.toHaveURL(/nouvelle/);

  await page.goto("/moderation");
  await page.getByRole("link", { name: "journal de modération" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Journal de modération" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Action").selectOption({ label: "Thématique créée" });
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/action=topic\.created/);
  await expect(page.getByLabel("Action")).toHaveValue("topic.created");
  const entry = page.getByRole("listitem").filter({ hasText: `a créé la thématique « ${name} »` });
  await expect(entry).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText("a suspendu");
  await expectNoAxeViolations(page);

  // A bad date: 400, a French message next to the field, the other filters kept.
  const response = await page.goto("/moderation/journal?action=topic.created&du=2026-02-31");
  expect(response?.status()).toBe(400);
  await expect(page.getByText("Indiquez une date valide au format AAAA-MM-JJ.")).toBeVisible();
  await expect(page.getByLabel("Action")).toHaveValue("topic.created");
  await expectNoAxeViolations(page);

  await page.goto("/moderation/journal?action=topic.created");
  await entry.getByRole("link", { name: new RegExp(`Thématique « ${name} »`) }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
});

test("a délégué gets 403 on the journal and sees no link to it; the old address redirects", async ({ page }) => {
  await signIn(page, demo.delegate);
  await expect(page.getByRole("link", { name: "Journal", exact: true })).toHaveCount(0);
  const refused = await page.goto("/moderation/journal");
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Accès refusé" })).toBeVisible();
  const old = await page.request.get("/admin/journal?action=user.suspended", { maxRedirects: 0 });
  expect([old.status(), old.headers()["location"]]).toEqual([301, "/moderation/journal?action=user.suspended"]);
});

test("without JavaScript, the filter form still filters and keeps its values", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, demo.moderator);
  await page.goto("/moderation/journal");
  await page.getByLabel("Action").selectOption({ label: "Thématique créée" });
  await page.getByLabel("Du", { exact: true }).fill("2026-01-01");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/action=topic\.created/);
  await expect(page.getByLabel("Action")).toHaveValue("topic.created");
  await expect(page.getByLabel("Du", { exact: true })).toHaveValue("2026-01-01");
  await expect(page.getByRole("main")).not.toContainText("a suspendu");
  await context.close();
});
