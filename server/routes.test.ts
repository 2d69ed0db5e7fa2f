import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";

import { createRouteMatcher } from "./routes";

/** The route a path reaches, for logs and metrics: the tree cut by first segment gives the same answers as the whole tree. */

const routes = [
  ["root", "", undefined],
  ["routes/_index", undefined, "root", true],
  ["routes/fils.$ref", "fils/:ref", "root"],
  ["routes/fils.$ref_.deplacer", "fils/:ref/deplacer", "root"],
  ["routes/fils.nouveau", "fils/nouveau", "root"],
  ["routes/flux.fils[.]atom", "flux/fils.atom", "root"],
  ["routes/membres", "membres", "root"],
  ["routes/membres._index", undefined, "routes/membres", true],
  ["routes/membres.$id", ":id", "routes/membres"],
  ["routes/$lang.aide", ":lang/aide", "root"],
  ["routes/$", "*", "root"],
] as const;

const manifest = Object.fromEntries(
  routes.map(([id, path, parentId, index]) => [id, { id, path, parentId, index: index ?? false }]),
) as unknown as ServerBuild["routes"];

describe("createRouteMatcher", () => {
  const match = createRouteMatcher(manifest);

  it("matches static, dynamic, nested, index and splat routes whatever their first segment", () => {
    expect(match("/").routeId).toBe("routes/_index");
    expect(match("/fils/12-titre").routeId).toBe("routes/fils.$ref");
    expect(match("/fils/nouveau").routeId).toBe("routes/fils.nouveau");
    expect(match("/FILS/Nouveau").routeId).toBe("routes/fils.nouveau");
    expect(match("/fils/12-titre/deplacer").routeId).toBe("routes/fils.$ref_.deplacer");
    expect(match("/flux/fils.atom").routeId).toBe("routes/flux.fils[.]atom");
    expect(match("/membres").routeId).toBe("routes/membres._index");
    expect(match("/membres/7").routeId).toBe("routes/membres.$id");
    // A first segment no static route starts with: the routes that start with a parameter, then the splat.
    expect(match("/fr/aide").routeId).toBe("routes/$lang.aide");
    expect(match("/fils").routeId).toBe("routes/$");
    expect(match("/inconnu/page").routeId).toBe("routes/$");
    expect(match("/fils/12-titre.data").routeId).toBe("routes/fils.$ref");
    expect(match("/_root.data").routeId).toBe("routes/_index");
  });
});
