import { describe, expect, it } from "vitest";

import { retryDelaySeconds } from "./delivery.server";
import { consoleTransport, createTransport } from "./transport.server";

describe("mail transports", () => {
  it("print to the console when no SMTP server is configured", async () => {
    expect(createTransport({}).name).toBe("console");
    expect(createTransport({ SMTP_URL: "  " }).name).toBe("console");
    const lines: string[] = [];
    const transport = consoleTransport((text) => lines.push(text));
    await transport.send({ to: "claire@example.org", subject: "Bonjour", text: "Le lien : http://localhost/x" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("À : claire@example.org");
    expect(lines[0]).toContain("Objet : Bonjour");
    expect(lines[0]).toContain("Le lien : http://localhost/x");
  });

  it("use SMTP when SMTP_URL is set, without connecting before the first message", () => {
    const transport = createTransport({ SMTP_URL: "smtp://user:secret@127.0.0.1:2525", MAIL_FROM: "Test <test@example.org>" });
    expect(transport.name).toBe("smtp");
    transport.close();
  });
});

describe("retry delays", () => {
  it("double from one minute and stop growing at one hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 9, 10].map(retryDelaySeconds)).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });
});
