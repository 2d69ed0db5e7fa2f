import { describe, expect, it, beforeAll } from "vitest";

import { findCollectiviteBySlug, listCollectivites } from "../../app/collectivites/collectivites.server";
import { defaultQuery } from "../../app/collectivites/directory-query";
import { listTopics } from "../../app/topics/topics.server";
import { seedDemo } from "../../db/seed";
import { describeOnEachDatabase } from "./support/databases";

describeOnEachDatabase("collectivités directory", ({ current }) => {
  beforeAll(async () => {
    await seedDemo(current().db);
    await current()
      .db.insertInto("collectivite")
      .values([
        { slug: "region-test-a", name: "Région Test A", kind: "region", ent_name: "Alpha", establishment_count: 120, launch_date: "2012-09", phase: "generalisation" },
        { slug: "departement-test-b", name: "Département Test B", kind: "departement", ent_name: "beta", establishment_count: 45, launch_date: "2011-03-15", phase: "pilote" },
      ])
      .execute();
  });

  it("seeds only the facts the article states, and seeding twice adds nothing", async () => {
    const again = await seedDemo(current().db);
    expect(again).toEqual({ collectivites: 0, topics: 0 });
    const idf = await findCollectiviteBySlug(current().db, "ile-de-france");
    expect(idf).toMatchObject({ name: "Île-de-France", ent_name: "Lilie", launch_date: "2009", establishment_count: null, website_url: null });
    const pilots = await listCollectivites(current().db, { ...defaultQuery, phase: "pilote" });
    expect(pilots.map((c) => c.slug)).toEqual(
      expect.arrayContaining(["haute-normandie", "seine-maritime", "seine-et-marne"]),
    );
    expect((await findCollectiviteBySlug(current().db, "ville-de-paris"))?.phase).toBeNull();
  });

  it("sorts names accent-insensitively", async () => {
    const names = (await listCollectivites(current().db, defaultQuery)).map((c) => c.name);
    expect(names.indexOf("Île-de-France")).toBeGreaterThan(names.indexOf("Haute-Normandie"));
    expect(names.indexOf("Île-de-France")).toBeLessThan(names.indexOf("Région Test A"));
    const reversed = (await listCollectivites(current().db, { ...defaultQuery, order: "desc" })).map((c) => c.name);
    expect(reversed).toEqual([...names].reverse());
  });

  it("sorts by a numeric column with unknown values last in both orders", async () => {
    const asc = await listCollectivites(current().db, { ...defaultQuery, sort: "etablissements" });
    expect(asc.slice(0, 2).map((c) => c.establishment_count)).toEqual([45, 120]);
    expect(asc.at(-1)?.establishment_count).toBeNull();
    const desc = await listCollectivites(current().db, { ...defaultQuery, sort: "etablissements", order: "desc" });
    expect(desc.slice(0, 2).map((c) => c.establishment_count)).toEqual([120, 45]);
    expect(desc.at(-1)?.establishment_count).toBeNull();
  });

  it("sorts by launch date whatever its precision", async () => {
    const rows = await listCollectivites(current().db, { ...defaultQuery, sort: "lancement" });
    expect(rows.slice(0, 3).map((c) => c.launch_date)).toEqual(["2009", "2011-03-15", "2012-09"]);
  });

  it("combines the kind and phase filters", async () => {
    const rows = await listCollectivites(current().db, { ...defaultQuery, kind: "departement", phase: "pilote" });
    expect(rows.map((c) => c.slug).sort()).toEqual(["departement-test-b", "seine-et-marne", "seine-maritime"]);
    expect(await listCollectivites(current().db, { ...defaultQuery, kind: "commune", phase: "pilote" })).toEqual([]);
  });

  it("finds by slug and returns nothing for an unknown one", async () => {
    expect((await findCollectiviteBySlug(current().db, "seine-maritime"))?.kind).toBe("departement");
    expect(await findCollectiviteBySlug(current().db, "atlantide")).toBeUndefined();
  });

  it("lists the seeded thématiques in French alphabetical order", async () => {
    const names = (await listTopics(current().db)).map((t) => t.name);
    expect(names).toContain("Socle technique");
    expect(names.indexOf("Déploiement")).toBeLessThan(names.indexOf("Financement"));
  });
});

describe("directory helpers", () => {
  it("expose a default query sorted by name", () => {
    expect(defaultQuery).toEqual({ sort: "nom", order: "asc", kind: null, phase: null });
  });
});
