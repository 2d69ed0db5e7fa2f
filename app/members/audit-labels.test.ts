import { describe, expect, it } from "vitest";

import { describeAuditEntry, sentenceText, type AuditEntryView } from "./audit-labels";

const base: AuditEntryView = {
  action: "user.suspended",
  details: {},
  actorId: 1,
  actorName: "Camille",
  targetUserId: 2,
  targetName: "Alex",
};

describe("describeAuditEntry", () => {
  it("names the actor and the target as links, with French role labels", () => {
    const parts = describeAuditEntry({ ...base, action: "user.role_changed", details: { from: "delegate", to: "moderator" } });
    expect(parts[0]).toEqual({ userId: 1, name: "Camille" });
    expect(parts[2]).toEqual({ userId: 2, name: "Alex" });
    expect(sentenceText(parts)).toBe("Camille a changé le rôle de Alex : Délégué → Modérateur");
  });

  it("mentions a collectivité change", () => {
    const parts = describeAuditEntry({
      ...base,
      action: "user.role_changed",
      details: { from: "observer", to: "delegate", collectiviteFrom: null, collectiviteTo: "Île-de-France" },
    });
    expect(sentenceText(parts)).toBe("Camille a changé le rôle de Alex : Observateur → Délégué (collectivité : aucune → Île-de-France)");
  });

  it("describes suspensions, reactivations, invitations and command-line accounts", () => {
    expect(sentenceText(describeAuditEntry(base))).toBe("Camille a suspendu Alex");
    expect(sentenceText(describeAuditEntry({ ...base, action: "user.reactivated" }))).toBe("Camille a réactivé Alex");
    expect(
      sentenceText(describeAuditEntry({ ...base, action: "invitation.created", targetUserId: null, details: { email: "a@b.fr", role: "observer" } })),
    ).toBe("Camille a invité a@b.fr (Observateur)");
    expect(sentenceText(describeAuditEntry({ ...base, action: "user.created_by_cli", actorId: null, actorName: null }))).toBe(
      "Le compte de Alex a été créé en ligne de commande",
    );
  });

  it("still shows an unknown action by its code", () => {
    expect(sentenceText(describeAuditEntry({ ...base, action: "thread.split", targetUserId: null }))).toBe("Camille : thread.split");
  });
});
