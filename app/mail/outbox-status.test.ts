import { describe, expect, it } from "vitest";

import { outboxStatusLabel, outboxStatusLabels, parseId, redactedBody, SECRET_PLACEHOLDER } from "./outbox-status";

describe("outbox helpers", () => {
  it("name every status in French", () => {
    expect(outboxStatusLabels).toEqual({ pending: "En attente", sent: "Envoyé", failed: "Échec" });
  });

  it("never call a message printed on the console 'Envoyé'", () => {
    expect(outboxStatusLabel("sent", "smtp")).toBe("Envoyé");
    expect(outboxStatusLabel("sent", "console")).toBe("Affiché dans la console (pas de serveur SMTP)");
    expect(outboxStatusLabel("pending", null)).toBe("En attente");
  });

  it("show where a secret link went, never a link", () => {
    const body = `Bonjour,\n${SECRET_PLACEHOLDER}\nÀ bientôt`;
    expect(redactedBody(body, "lien de réinitialisation", "sent")).toBe("Bonjour,\n[lien de réinitialisation envoyé — non conservé]\nÀ bientôt");
    expect(redactedBody(body, "lien d'invitation", "pending")).not.toContain(SECRET_PLACEHOLDER);
  });

  it("accept only ids that fit a PostgreSQL integer", () => {
    expect(parseId("42")).toBe(42);
    expect(parseId("2147483647")).toBe(2147483647);
    for (const bad of [null, undefined, "", "0", "-1", "01", "1.5", "abc", "2147483648", "99999999999"]) {
      expect(parseId(bad)).toBeNull();
    }
  });
});
