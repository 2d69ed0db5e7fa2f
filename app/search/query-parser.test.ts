import { describe, expect, it } from "vitest";

import { MAX_QUERY_LENGTH, MAX_TERMS, parseSearchQuery, withFilters, type TextTerm } from "./query-parser";
import { formatSearchQuery, hasFilters, hasPositiveText, positiveWords } from "./query-format";
import { normalizeDate, normalizeHandle, normalizeKind, normalizeSlug } from "./normalizers";

const word = (text: string, negated = false): TextTerm => ({ type: "word", text, negated });
const phrase = (text: string, negated = false): TextTerm => ({ type: "phrase", text, negated });

/** Every notice, joined: easier to match with toContain. */
const noticesOf = (input: string) => parseSearchQuery(input).notices.join("\n");

describe("parseSearchQuery: text", () => {
  it("reads words as clauses that must all match, keeping case and accents", () => {
    const q = parseSearchQuery("Collège  numérique RGAA");
    expect(q.clauses).toEqual([{ any: [word("Collège")] }, { any: [word("numérique")] }, { any: [word("RGAA")] }]);
    expect(q.notices).toEqual([]);
    expect(formatSearchQuery(q)).toBe("Collège numérique RGAA");
  });

  it("keeps apostrophes and hyphens inside words", () => {
    expect(parseSearchQuery("l'ENT Seine-et-Marne d’expérience").clauses).toEqual([
      { any: [word("l'ENT")] },
      { any: [word("Seine-et-Marne")] },
      { any: [word("d’expérience")] },
    ]);
  });

  it("reads an exact phrase in straight, French or curly quotes", () => {
    expect(parseSearchQuery('"socle technique" commun').clauses).toEqual([{ any: [phrase("socle technique")] }, { any: [word("commun")] }]);
    expect(parseSearchQuery("« socle technique »").clauses).toEqual([{ any: [phrase("socle technique")] }]);
    expect(parseSearchQuery("“socle technique”").clauses).toEqual([{ any: [phrase("socle technique")] }]);
    // A one-word phrase is a word.
    expect(parseSearchQuery('"socle"').clauses).toEqual([{ any: [word("socle")] }]);
    expect(formatSearchQuery(parseSearchQuery("« socle   technique »"))).toBe('"socle technique"');
  });

  it("excludes a word or a phrase after a minus sign", () => {
    const q = parseSearchQuery('gouvernance -statuts -"vote en assemblée"');
    expect(q.clauses).toEqual([{ any: [word("gouvernance")] }, { any: [word("statuts", true)] }, { any: [phrase("vote en assemblée", true)] }]);
    expect(formatSearchQuery(q)).toBe('gouvernance -statuts -"vote en assemblée"');
    expect(hasPositiveText(q)).toBe(true);
    expect(hasPositiveText(parseSearchQuery("-statuts"))).toBe(false);
    // A lone dash is punctuation.
    expect(parseSearchQuery("collège - lycée").clauses).toHaveLength(2);
  });

  it("joins the two terms around OR (or OU), binding tighter than the spaces", () => {
    const q = parseSearchQuery('ENT collège OR lycée OU "cité scolaire" -privé');
    expect(q.clauses).toEqual([
      { any: [word("ENT")] },
      { any: [word("collège"), word("lycée"), phrase("cité scolaire")] },
      { any: [word("privé", true)] },
    ]);
    expect(formatSearchQuery(q)).toBe('ENT collège OR lycée OR "cité scolaire" -privé');
    // Lower-case "or" is an ordinary word.
    expect(parseSearchQuery("or noir").clauses).toHaveLength(2);
  });

  it("ignores a stray OR and says so", () => {
    for (const input of ["OR collège", "collège OR", "collège OR OR lycée", "OR"]) {
      const q = parseSearchQuery(input);
      expect(q.notices.join()).toContain("« OR » ignoré");
    }
    // A doubled OR counts once.
    expect(parseSearchQuery("collège OR OR lycée").clauses).toEqual([{ any: [word("collège"), word("lycée")] }]);
    // A quoted "OR" is a word.
    const q = parseSearchQuery('"OR" noir');
    expect(q.clauses).toEqual([{ any: [word("OR")] }, { any: [word("noir")] }]);
    expect(formatSearchQuery(q)).toBe('"OR" noir');
  });

  it("drops a repeated term", () => {
    expect(parseSearchQuery("ENT ent ENT").clauses).toEqual([{ any: [word("ENT")] }]);
  });

  it("lists the searched words for suggestions", () => {
    expect(positiveWords(parseSearchQuery('"socle technique" -commun collège OR lycée'))).toEqual(["socle", "technique", "collège", "lycée"]);
  });
});

describe("parseSearchQuery: filters", () => {
  it("reads a question's status (statut:resolu / ouvert) with the same filter as proposals' statuses", () => {
    expect(parseSearchQuery("budget statut:resolu").filters.status).toBe("resolu");
    expect(parseSearchQuery("statut:résolues").filters.status).toBe("resolu");
    expect(parseSearchQuery("statut:ouverte").filters.status).toBe("ouvert");
    expect(parseSearchQuery("statut:adoptée").filters.status).toBe("adoptee");
    const twice = parseSearchQuery("statut:resolu statut:adoptee");
    expect(twice.filters.status).toBe("resolu");
    expect(twice.notices.join(" ")).toContain("un seul statut");
    const unknown = parseSearchQuery("statut:fermé");
    expect(unknown.filters.status).toBeNull();
    expect(unknown.notices.join(" ")).toContain("resolu, ouvert");
    expect(formatSearchQuery(parseSearchQuery("budget statut:resolu"))).toBe("budget statut:resolu");
  });

  it("reads every filter and writes them back in a fixed order", () => {
    const q = parseSearchQuery(
      "dans:titre avant:2025-01-01 apres:2024-09-01 statut:adoptee type:retour @alex-delegue-3 collectivite:ile-de-france #formation financement",
    );
    expect(q.filters).toEqual({
      topics: ["formation"],
      collectivites: ["ile-de-france"],
      author: "alex-delegue-3",
      kind: "retour",
      status: "adoptee",
      after: "2024-09-01",
      before: "2025-01-01",
      titleOnly: true,
    });
    expect(q.clauses).toEqual([{ any: [word("financement")] }]);
    expect(formatSearchQuery(q)).toBe(
      "financement #formation collectivite:ile-de-france @alex-delegue-3 type:retour statut:adoptee apres:2024-09-01 avant:2025-01-01 dans:titre",
    );
    expect(hasFilters(q.filters)).toBe(true);
  });

  it("accepts accents and capitals in filter names and values, and aliases", () => {
    const q = parseSearchQuery("Collectivité:Île-de-France thématique:Socle-Technique Auteur:@Alex-3 TYPE:Questions Après:2024 dans:Titres");
    expect(q.filters).toMatchObject({
      collectivites: ["ile-de-france"],
      topics: ["socle-technique"],
      author: "alex-3",
      kind: "question",
      after: "2024-01-01",
      titleOnly: true,
    });
    expect(q.notices).toEqual([]);
  });

  it("allows several thématiques and collectivités (all required), up to a limit", () => {
    expect(parseSearchQuery("#formation #deploiement #formation").filters.topics).toEqual(["formation", "deploiement"]);
    const many = parseSearchQuery("#a1 #a2 #a3 #a4 #a5");
    expect(many.filters.topics).toEqual(["a1", "a2", "a3", "a4"]);
    expect(many.notices.join()).toContain("« #a5 »");
  });

  it("keeps one member and one type, and says what it ignored", () => {
    const q = parseSearchQuery("@alex-3 @sam-4 type:retour type:question");
    expect(q.filters.author).toBe("alex-3");
    expect(q.filters.kind).toBe("retour");
    expect(q.notices.join()).toContain("« @sam-4 » (un seul membre à la fois)");
    expect(q.notices.join()).toContain("« type:question » (un seul type à la fois)");
  });

  it("parses statut: as a filter, one status at a time", () => {
    const q = parseSearchQuery("statuts statut:adoptée");
    expect(q.filters.status).toBe("adoptee");
    expect(hasFilters(q.filters)).toBe(true);
    expect(q.notices).toEqual([]);
    expect(noticesOf("statut:perdue")).toContain("statuts possibles");
    expect(noticesOf("statut:adoptee statut:rejetee")).toContain("un seul statut à la fois");
  });

  it("says which filter names and values it does not know", () => {
    expect(noticesOf("couleur:rouge")).toContain("« couleur:rouge » (filtre inconnu");
    expect(noticesOf("type:sondage")).toContain("« type:sondage » (types possibles : type:retour, type:question, type:discussion, type:gouvernance)");
    expect(noticesOf("dans:corps")).toContain("seul « dans:titre » existe");
    expect(noticesOf("@Jean_Dupont!")).toContain("identifiant de membre illisible");
    expect(noticesOf("type: #")).toContain("« type: » (filtre sans valeur)");
    expect(noticesOf("type: #")).toContain("« # » (filtre sans valeur)");
    const q = parseSearchQuery("couleur:rouge collège");
    expect(q.clauses).toEqual([{ any: [word("collège")] }]);
    expect(formatSearchQuery(q)).toBe("collège");
  });

  it("treats a word followed by a colon as a word, and keeps web addresses as words", () => {
    expect(parseSearchQuery("remarque: budget").clauses).toEqual([{ any: [word("remarque")] }, { any: [word("budget")] }]);
    expect(parseSearchQuery("https://exemple.fr").clauses.length).toBeGreaterThan(0);
  });

  it("refuses malformed dates and says how to write them", () => {
    for (const input of ["avant:2024-13-45", "apres:2024-02-30", "avant:hier", "apres:24-01-01", "avant:2024-1-1x"]) {
      const q = parseSearchQuery(input);
      expect(q.filters.before ?? q.filters.after).toBeNull();
      expect(q.notices.join()).toContain("date invalide : écrivez AAAA-MM-JJ");
    }
    expect(parseSearchQuery("apres:29/02/2024").filters.after).toBe("2024-02-29");
  });

  it("warns when the dates leave no room", () => {
    expect(noticesOf("apres:2025-01-01 avant:2024-01-01")).toContain("aucun message ne peut correspondre");
  });
});

describe("parseSearchQuery: bad input never throws and says what it ignored", () => {
  it("an empty or blank query has nothing", () => {
    for (const input of ["", "   ", "\t\n"]) {
      const q = parseSearchQuery(input);
      expect(q.clauses).toEqual([]);
      expect(hasFilters(q.filters)).toBe(false);
      expect(q.notices).toEqual([]);
    }
  });

  it("only stop words still parse as words: the dictionary decides (the server says so)", () => {
    expect(parseSearchQuery("le de la").clauses).toHaveLength(3);
  });

  it("an unclosed quote searches separate words", () => {
    const q = parseSearchQuery('"socle technique');
    expect(q.clauses).toEqual([{ any: [word("socle")] }, { any: [word("technique")] }]);
    expect(q.notices.join()).toContain("Guillemet non fermé : « socle technique »");
    expect(parseSearchQuery('collège "').notices.join()).toContain("Guillemet non fermé");
    expect(parseSearchQuery('"a" "b').clauses).toEqual([{ any: [word("a")] }, { any: [word("b")] }]);
  });

  it("cuts a 2 000-character query and says so", () => {
    const long = "collège ".repeat(250);
    const q = parseSearchQuery(long);
    expect(q.notices.join()).toContain(`raccourcie à ses ${MAX_QUERY_LENGTH} premiers caractères`);
    expect(q.clauses).toEqual([{ any: [word("collège")] }]);
    const varied = parseSearchQuery(Array.from({ length: 400 }, (_, i) => `mot${i}`).join(" "));
    expect(varied.clauses).toHaveLength(MAX_TERMS);
    expect(varied.notices.join()).toContain(`Seuls les ${MAX_TERMS} premiers mots`);
  });

  it("drops SQL and tsquery syntax characters and names them", () => {
    const q = parseSearchQuery("' \\ :* & | ! ( ) <script>");
    expect(q.clauses).toEqual([{ any: [word("script")] }]);
    const notices = q.notices.join();
    for (const ch of ["'", "\\", ":", "*", "&", "|", "!", "(", ")", "<", ">"]) expect(notices).toContain(`« ${ch} »`);
  });

  it("splits words glued by syntax characters", () => {
    expect(parseSearchQuery("collège&lycée").clauses).toEqual([{ any: [word("collège")] }, { any: [word("lycée")] }]);
    expect(parseSearchQuery("(collège|lycée)").clauses).toEqual([{ any: [word("collège")] }, { any: [word("lycée")] }]);
    expect(parseSearchQuery("ent:*").clauses).toEqual([{ any: [word("ent")] }]);
    expect(parseSearchQuery("!!collège").clauses).toEqual([{ any: [word("collège")] }]);
    expect(parseSearchQuery("'; drop table post; --").clauses).toEqual([{ any: [word("drop")] }, { any: [word("table")] }, { any: [word("post")] }]);
  });

  it("keeps quotes inside phrases from escaping", () => {
    const q = parseSearchQuery(`"l'ENT \\" & | !"`);
    expect(q.clauses.flatMap((c) => c.any.map((t) => t.text))).toEqual(["l'ENT"]);
  });

  it("removes control characters", () => {
    expect(parseSearchQuery("coll\u0000ège\u0007").clauses).toEqual([{ any: [word("coll")] }, { any: [word("ège")] }]);
  });

  it("never throws on random input", () => {
    const alphabet = ` "'«»“”-#@:*&|!()\\<>aéZ09OR\t\u0000`;
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const input = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      const q = parseSearchQuery(input);
      // What it writes back parses to the same thing.
      const again = parseSearchQuery(formatSearchQuery(q));
      expect(again.clauses).toEqual(q.clauses);
      expect(again.filters).toEqual(q.filters);
    }
  });
});

describe("normalizers", () => {
  it("slugs, handles, kinds and dates", () => {
    expect(normalizeSlug(" Île-de-France ")).toBe("ile-de-france");
    expect(normalizeSlug("!!!")).toBe("");
    expect(normalizeHandle("@Alex-Delegue-3")).toBe("alex-delegue-3");
    expect(normalizeHandle("alex--3")).toBeNull();
    expect(normalizeKind("Retour d'expérience")).toBe("retour");
    expect(normalizeKind("sondage")).toBeNull();
    expect(normalizeDate("2024-3-5")).toBe("2024-03-05");
    expect(normalizeDate("2024-03")).toBe("2024-03-01");
    expect(normalizeDate("2023-02-29")).toBeNull();
    expect(normalizeDate("0000-01-01")).toBeNull();
  });
});

describe("withFilters", () => {
  it("rewrites the filter tokens and keeps the rest as typed", () => {
    const text = '« socle technique » type:question collège #formation';
    const q = parseSearchQuery(text);
    expect(withFilters(text, { ...q.filters, kind: "retour", topics: [] })).toBe("« socle technique » collège type:retour");
    expect(withFilters("collège", { ...q.filters, topics: ["formation"], kind: null })).toBe("collège #formation");
    // Unknown filters stay, so that the server can say it ignored them.
    expect(withFilters("couleur:rouge x", parseSearchQuery("").filters)).toBe("couleur:rouge x");
  });
});
