import { expect, type Browser, type Page } from "@playwright/test";

export const demo = {
  admin: { email: "admin@demo.openent.fr", password: "demo-admin-openent-2026" },
  moderator: { email: "moderation@demo.openent.fr", password: "demo-moderation-openent-2026" },
  delegate: { email: "delegue@demo.openent.fr", password: "demo-delegue-openent-2026" },
  observer: { email: "observateur@demo.openent.fr", password: "demo-observateur-openent-2026" },
} as const;

/** Signs in through the real form. */
export async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(account.email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page.getByRole("link", { name: "Se connecter" })).toBeVisible();
}

/**
 * Reads the newest e-mail sent to `to` from the administrators' outbox (the demo has no SMTP
 * server) and returns the first link of the application found in it.
 */
export async function linkFromLatestMail(browser: Browser, to: string, pathPrefix: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, demo.admin);
    await page.goto("/admin/courriels");
    await page.getByRole("row").filter({ hasText: to }).first().getByRole("link").click();
    const body = (await page.getByTestId("mail-body").textContent()) ?? "";
    const match = body.match(new RegExp(`https?://[^\\s]+${pathPrefix}[A-Za-z0-9_-]+`));
    if (!match) throw new Error(`no ${pathPrefix} link in: ${body}`);
    return new URL(match[0]).pathname;
  } finally {
    await context.close();
  }
}
