import { describe, expect, it } from "vitest";

import { parseMergeForm, parseTopicForm } from "./topic-form";

describe("parseTopicForm", () => {
  it("cleans the name and derives the slug", () => {
    expect(parseTopicForm({ name: "  Logiciel   libre ", description: " Licences. " })).toEqual({
      ok: true,
      input: { name: "Logiciel libre", slug: "logiciel-libre", description: "Licences." },
    });
    expect(parseTopicForm({ name: "Équité numérique", description: "" })).toMatchObject({ ok: true, input: { slug: "equite-numerique", description: null } });
  });

  it("refuses empty, too short, too long, symbol-only and reserved names, with French messages", () => {
    const error = (name: string) => {
      const parsed = parseTopicForm({ name, description: "" });
      return parsed.ok ? null : parsed.errors.name;
    };
    expect(error("   ")).toBe("Donnez un nom à la thématique.");
    expect(error("a")).toMatch(/au moins 2 caractères/);
    expect(error("x".repeat(81))).toBe("Le nom ne doit pas dépasser 80 caractères (81 actuellement).");
    expect(error("x".repeat(80))).toBeNull();
    expect(error("!!!")).toMatch(/au moins une lettre ou un chiffre/);
    expect(error("Nouvelle")).toMatch(/réservé/);
  });

  it("refuses a description over 500 characters", () => {
    const parsed = parseTopicForm({ name: "Formation", description: "é".repeat(501) });
    expect(parsed.ok ? null : parsed.errors.description).toMatch(/500 caractères \(501 actuellement\)/);
  });
});

describe("parseMergeForm", () => {
  it("needs a target and the confirmation", () => {
    expect(parseMergeForm({ targetId: "12", confirm: "oui" })).toEqual({ ok: true, input: { targetId: 12 } });
    const missing = parseMergeForm({ targetId: "", confirm: "" });
    expect(missing.ok ? null : Object.keys(missing.errors).sort()).toEqual(["confirm", "targetId"]);
    expect(parseMergeForm({ targetId: "1; drop", confirm: "oui" }).ok).toBe(false);
  });
});
