import { describe, expect, it } from "vitest";

import { describeAuditEntry, sentenceText, type AuditEntryView } from "./audit-labels";

const base: AuditEntryView = { action: "", details: {}, actorId: 1, actorName: "Camille", targetUserId: null, targetName: null };
const say = (action: string, details: Record<string, unknown>) => sentenceText(describeAuditEntry({ ...base, action, details }));

describe("curation entries in the journal", () => {
  it("says what happened to thématiques", () => {
    expect(say("topic.created", { after: { name: "Cantines" } })).toBe("Camille a créé la thématique « Cantines »");
    expect(say("topic.updated", { before: { name: "Cantines", description: null }, after: { name: "Restauration", description: "Repas." } })).toBe(
      "Camille a modifié la thématique « Cantines » : renommée « Restauration », description modifiée",
    );
    expect(say("topic.merged", { before: { name: "Portables" }, after: { name: "Équipement" }, moved: 3 })).toBe(
      "Camille a fusionné la thématique « Portables » dans « Équipement » (3 fils déplacés)",
    );
  });

  it("lists a profile's changed fields with their French labels", () => {
    expect(say("collectivite.created", { after: { name: "Ville de Lyon" } })).toBe("Camille a ajouté la collectivité « Ville de Lyon »");
    expect(
      say("collectivite.updated", {
        name: "Seine-Maritime",
        before: { ent_name: null, establishment_count: null, launch_date: null, phase: "pilote" },
        after: { ent_name: "Arsène 76", establishment_count: 1600, launch_date: "2012-09", phase: "generalisation" },
      }),
    ).toBe(
      "Camille a modifié le profil de « Seine-Maritime » (nom de l'ENT : vide → « Arsène 76 » ; établissements : vide → 1\u202f600 ; lancement : vide → septembre 2012 ; phase : Pilote → Généralisation)",
    );
  });

  it("names a refused attempt", () => {
    expect(say("moderation.refused", { act: "topic.merge" })).toBe("Camille a tenté de fusionner des thématiques sans en avoir le droit : refusé");
  });
});
