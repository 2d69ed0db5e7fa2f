import { describe, expect, it } from "vitest";

import { sentenceText } from "./audit-labels";
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

  it("names refused moderation acts in French", () => {
    expect(sentenceText(describeCurationEntry("moderation.refused", { act: "thread.pin" }, "Camille")!)).toBe("Camille a tenté de épingler un fil sans en avoir le droit : refusé");
  });
});
