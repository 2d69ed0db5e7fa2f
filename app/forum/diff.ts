import { diffWordsWithSpace } from "diff";

export interface DiffSegment {
  kind: "same" | "added" | "removed";
  text: string;
}

/** A word-level difference between two versions of a post's Markdown. */
export function wordDiff(before: string, after: string): DiffSegment[] {
  return diffWordsWithSpace(before, after).map((change) => ({
    kind: change.added ? "added" : change.removed ? "removed" : "same",
    text: change.value,
  }));
}
