import { describe, expect, it } from "vitest";

import { describeAuditEntry, sentenceText } from "../members/audit-labels";

const entry = (action: string, details: Record<string, unknown>) => ({ action, details, actorId: 1, actorName: "Dominique", targetUserId: null, targetName: null });

describe("governance journal sentences", () => {
  it("says what moved, the decision and the comment", () => {
    expect(sentenceText(describeAuditEntry(entry("governance.status_changed", { title: "Statuts", from: "discussion", to: "adoptee", decisionId: 4, comment: "AG" })))).toBe(
      "Dominique a fait passer la proposition « Statuts » de En discussion à Adoptée (décision n° 4) : « AG »",
    );
    expect(sentenceText(describeAuditEntry(entry("governance.version_saved", { title: "Statuts", number: 2, comment: "Cotisations" })))).toContain("version 2");
    expect(sentenceText(describeAuditEntry(entry("moderation.refused", { act: "governance.adoptee" })))).toContain("enregistrer l'adoption d'une proposition");
    expect(sentenceText(describeAuditEntry(entry("settings.updated", { after: { delegatesMayPropose: false } })))).toContain("ne peuvent plus");
  });
});
