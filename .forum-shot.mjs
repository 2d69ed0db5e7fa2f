import { chromium } from "@playwright/test";
const base = "http://localhost:3971";
const who = process.argv[2] ?? "admin";
const accounts = { admin: ["admin@demo.openent.fr", "demo-admin-openent-2026"], delegate: ["delegue@demo.openent.fr", "demo-delegue-openent-2026"] };
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
if (who !== "anon") {
  await page.goto(base + "/connexion");
  await page.getByLabel("Adresse e-mail").fill(accounts[who][0]);
  await page.getByLabel("Mot de passe", { exact: true }).fill(accounts[who][1]);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/connexion"));
}
for (const width of [1280, 1024, 800, 375]) {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(base + (process.argv[3] ?? "/"));
  await page.waitForTimeout(300);
  const h = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(who, width, "header height", h, "scrollWidth", scroll);
  await page.screenshot({ path: `/tmp/forum-${who}-${width}.png`, clip: { x: 0, y: 0, width, height: 400 } });
}
await browser.close();
