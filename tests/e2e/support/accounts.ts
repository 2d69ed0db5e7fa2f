import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { expect, type Page } from "@playwright/test";

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
  await expectSignedIn(page);
}

/** The header shows a member's account menu. */
export async function expectSignedIn(page: Page, options: { timeout?: number } = {}) {
  await expect(page.getByRole("navigation", { name: "Mon compte" })).toBeVisible(options);
}

/** Opens the header's account menu (a `<details>` menu button) unless it is open already. */
export async function openAccountMenu(page: Page) {
  const menu = page.locator("details.account-details");
  if (!(await menu.evaluate((element) => (element as HTMLDetailsElement).open))) await menu.locator("summary").click();
}

export async function signOut(page: Page) {
  await openAccountMenu(page);
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page.getByRole("link", { name: "Se connecter" })).toBeVisible();
}

/**
 * Waits for the newest e-mail sent to `to` (the demo has no SMTP server: the console transport
 * also writes each message to MAIL_CAPTURE_DIR) and returns the path of its first link under
 * `pathPrefix`. Administrators never see these links (`/admin/courriels` shows that one was sent).
 */
export async function linkFromLatestMail(to: string, pathPrefix: string, after = 0): Promise<string> {
  const dir = process.env.E2E_MAIL_DIR!;
  const pattern = new RegExp(`https?://[^\\s]+${pathPrefix}[A-Za-z0-9_-]+`);
  let link: string | null = null;
  await expect
    .poll(
      () => {
        const mails = readdirSync(dir)
          .sort()
          .slice(after)
          .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as { to: string; text: string })
          .filter((mail) => mail.to === to && pattern.test(mail.text));
        const match = mails.at(-1)?.text.match(pattern);
        link = match ? new URL(match[0]).pathname : null;
        return link;
      },
      { timeout: 15_000 },
    )
    .not.toBeNull();
  return link!;
}

/** The texts of the captured mails sent to `to`, oldest first, skipping the first `after` captured. */
export function capturedMailsTo(to: string, after = 0): string[] {
  const dir = process.env.E2E_MAIL_DIR!;
  return readdirSync(dir)
    .sort()
    .slice(after)
    .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as { to: string; text: string })
    .filter((mail) => mail.to === to)
    .map((mail) => mail.text);
}

/** How many mails were captured so far (to wait for a newer one). */
export function capturedMailCount(): number {
  return readdirSync(process.env.E2E_MAIL_DIR!).length;
}
