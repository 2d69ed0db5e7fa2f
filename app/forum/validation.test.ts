import { describe, expect, it } from "vitest";

import { parseThreadForm, TAGS_MAX, type ThreadFormValues } from "./validation";

const values: ThreadFormValues = {
  title: "Un titre correct",
  kind: "discussion",
  body: "Un message.",
  collectiviteIds: ["1"],
  topicIds: ["1"],
  reportCollectiviteId: "",
  reportEstablishments: "",
  reportPeriodStart: "",
  reportPeriodEnd: "",
};

describe("parseThreadForm", () => {
  it("answers a field error, not a query past PostgreSQL's 65 535 parameters, for 70 000 thématiques", () => {
    const topicIds = Array.from({ length: 70_000 }, (_, i) => String(i + 1));
    const result = parseThreadForm({ ...values, topicIds, collectiviteIds: topicIds });
    expect(result).toEqual({
      ok: false,
      errors: { topicIds: `Choisissez au plus ${TAGS_MAX} thématiques.`, collectiviteIds: `Choisissez au plus ${TAGS_MAX} collectivités.` },
    });
  });

  it("counts a repeated id once", () => {
    const result = parseThreadForm({ ...values, topicIds: Array.from({ length: 70_000 }, () => "3") });
    expect(result).toMatchObject({ ok: true, input: { topicIds: [3] } });
  });

  it("refuses ids beyond PostgreSQL's integer", () => {
    expect(parseThreadForm({ ...values, topicIds: ["99999999999999999999"] })).toMatchObject({ ok: false, errors: { topicIds: expect.any(String) } });
  });
});
