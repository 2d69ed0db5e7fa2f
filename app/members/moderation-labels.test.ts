import { describe, expect, it } from "vitest";

import { describeAuditEntry, sentenceText } from "./audit-labels";
import { describeCurationEntry } from "./curation-labels";
import { describeModerationEntry } from "./moderation-labels";

describe("journal sentences for moderation", () => {
  it("says what was done, on what, and why", () => {
    const lock = describeModerationEntry("thread.locked", { title: "Budget 2027", after: { reason: "Débat clos" } }, "Dominique");
    expect(sentenceText(lock!)).toBe("Dominique a verrouillé le fil « Budget 2027 » : « Débat clos »");
    const resolved = describeModerationEntry("reports.resolved", { postId: 12, resolution: "dismissed", note: "RAS" }, "Dominique");
    expect(sentenceText(resolved!)).toBe("Dominique a traité les signalements du message n° 12 sans suite : « RAS »");
    expect(sentenceText(describeModerationEntry("post.auto_hidden", { postId: 3, reporters: 3 }, "x")!)).toMatch(/automatiquement après 3 signalements/);
    expect(describeModerationEntry("topic.created", {}, "x")).toBeNull();
  });

  it("says what a split or a merge moved, from where to where", () => {
    expect(sentenceText(describeModerationEntry("thread.posts_moved", { title: "Budget", targetTitle: "Budget annexe", newThread: true, postIds: [4, 5] }, "Dominique")!)).toBe(
      "Dominique a déplacé 2 messages du fil « Budget » vers un nouveau fil « Budget annexe »",
    );
    expect(sentenceText(describeModerationEntry("thread.posts_moved", { title: "Budget", targetTitle: "Budget 2027", newThread: false, postIds: [4] }, "Dominique")!)).toBe(
      "Dominique a déplacé 1 message du fil « Budget » vers le fil « Budget 2027 »",
    );
    expect(sentenceText(describeModerationEntry("thread.merged", { title: "Doublon", targetTitle: "Budget 2027" }, "Dominique")!)).toBe("Dominique a fusionné le fil « Doublon » dans le fil « Budget 2027 »");
  });

  it("names refused moderation acts in French", () => {
    expect(sentenceText(describeCurationEntry("moderation.refused", { act: "thread.pin" }, "Camille")!)).toBe("Camille a tenté de épingler un fil sans en avoir le droit : refusé");
  });
});

describe("journal sentences for moderator edits, deletions, warnings and suspensions", () => {
  it("says who edited or deleted whose post, and why", () => {
    expect(sentenceText(describeModerationEntry("post.edited", { postId: 4, title: "Budget", after: { version: 3 } }, "Dominique")!)).toBe("Dominique a modifié le message n° 4 du fil « Budget » (version 3)");
    expect(sentenceText(describeModerationEntry("post.deleted", { postId: 4, title: "Budget", reason: "Injurieux", byModerator: true }, "Dominique")!)).toBe(
      "Dominique a supprimé le message n° 4 du fil « Budget » : « Injurieux »",
    );
    expect(sentenceText(describeModerationEntry("reports.resolved", { postId: 4, resolution: "warned", note: "Restez courtois" }, "Dominique")!)).toBe(
      "Dominique a traité les signalements du message n° 4 en avertissant l'auteur : « Restez courtois »",
    );
  });

  it("says until when a member is suspended, and what a warning said", () => {
    const entry = { actorId: 1, actorName: "Dominique", targetUserId: 2, targetName: "Alex" };
    expect(sentenceText(describeAuditEntry({ ...entry, action: "user.suspended", details: { until: "2026-12-12T17:00:00.000Z", reason: "Insultes" } }))).toBe(
      "Dominique a suspendu Alex jusqu'au 12 décembre 2026 à 18:00 : « Insultes »",
    );
    expect(sentenceText(describeAuditEntry({ ...entry, action: "user.warned", details: { reason: "Restez courtois" } }))).toBe("Dominique a averti Alex : « Restez courtois »");
    expect(sentenceText(describeAuditEntry({ ...entry, action: "user.suspension_lifted", details: {} }))).toBe("Dominique a levé la suspension de Alex");
  });
});
