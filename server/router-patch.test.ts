import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import type * as RemixRouter from "@remix-run/router";
import type { AgnosticRouteObject } from "@remix-run/router";
import { afterEach, describe, expect, it } from "vitest";

import remixConfig from "../remix.config.js";

/**
 * The patch of @remix-run/router's CommonJS build (patches/, docs/decisions/010-router-match-memo.md): matchRoutes()
 * keeps the flattened, ranked branches of a routes array and compilePath() its regular expressions. These tests
 * load the file Node loads in the server (the CJS build, through require), not a copy Vite would transform.
 */

type Router = typeof RemixRouter;
const require = createRequire(import.meta.url);
const router = require("@remix-run/router") as Router;

/** Counts the RegExp objects built with `new RegExp(…)` while `run` runs (compilePath builds one per pattern). */
function regExpsBuilt(run: () => void): number {
  const original = globalThis.RegExp;
  let built = 0;
  globalThis.RegExp = new Proxy(original, {
    construct(target, args: [string, string?], newTarget: typeof RegExp) {
      built++;
      return Reflect.construct(target, args, newTarget);
    },
  });
  try {
    run();
  } finally {
    globalThis.RegExp = original;
  }
  return built;
}

/** A route whose `path` counts its reads: flattening the routes reads every route's path, matching the branches does not. */
function countedRoute(id: string, path: string, reads: { count: number }, children?: AgnosticRouteObject[]) {
  const route = { id, children } as AgnosticRouteObject;
  Object.defineProperty(route, "path", {
    enumerable: true,
    get() {
      reads.count++;
      return path;
    },
  });
  return route;
}

describe("the patched @remix-run/router (CommonJS build)", () => {
  const restore: (() => void)[] = [];
  afterEach(() => restore.splice(0).forEach((undo) => undo()));

  it("is the one copy the server's packages load", () => {
    const file = require.resolve("@remix-run/router");
    expect(file).toMatch(/node_modules\/@remix-run\/router\/dist\/router\.cjs\.js$/);
    for (const from of ["@remix-run/server-runtime", "react-router-dom/server", "react-router"]) {
      const dependent = createRequire(require.resolve(from));
      expect(dependent.resolve("@remix-run/router"), from).toBe(file);
    }
  });

  it("flattens a routes array once: the next matches on the same array read no route again", () => {
    const reads = { count: 0 };
    const routes = [
      countedRoute("root", "", reads, [
        countedRoute("fils", "fils/:ref", reads),
        countedRoute("membres", "membres/:id", reads),
        countedRoute("splat", "*", reads),
      ]),
    ];
    expect(router.matchRoutes(routes, "/fils/12-titre")?.map((m) => m.route.id)).toEqual(["root", "fils"]);
    expect(reads.count).toBeGreaterThan(0);
    reads.count = 0;
    expect(router.matchRoutes(routes, "/membres/7")?.map((m) => m.route.id)).toEqual(["root", "membres"]);
    expect(router.matchRoutes(routes, "/ailleurs")?.map((m) => m.route.id)).toEqual(["root", "splat"]);
    expect(reads.count).toBe(0);
  });

  it("compiles a route pattern once: the same match again builds no regular expression", () => {
    const routes: AgnosticRouteObject[] = [{ id: "root", path: "", children: [{ id: "page", path: "une/page-:rare/chose" }] }];
    const first = regExpsBuilt(() => router.matchRoutes(routes, "/une/page-:rare/chose"));
    expect(first).toBeGreaterThan(0);
    // Another array of the same patterns is flattened again but reuses the compiled expressions.
    const copy: AgnosticRouteObject[] = [{ id: "root", path: "", children: [{ id: "page", path: "une/page-:rare/chose" }] }];
    expect(regExpsBuilt(() => router.matchRoutes(routes, "/une/page-:rare/chose"))).toBe(0);
    expect(regExpsBuilt(() => router.matchRoutes(copy, "/une/page-:rare/chose"))).toBe(0);
    expect(regExpsBuilt(() => router.matchPath("une/page-:rare/chose", "/une/page-:rare/chose"))).toBe(0);
  });

  it("keeps at most 1 000 compiled patterns", () => {
    for (let i = 0; i < 1_500; i++) router.matchPath(`/borne/${i}/:x`, `/borne/${i}/y`);
    // The oldest went first: compiling the first pattern again builds it, the newest does not.
    expect(regExpsBuilt(() => router.matchPath("/borne/0/:x", "/borne/0/y"))).toBe(1);
    expect(regExpsBuilt(() => router.matchPath("/borne/1499/:x", "/borne/1499/y"))).toBe(0);
    expect(router.matchPath("/borne/1499/:x", "/borne/1499/y")?.params).toEqual({ x: "y" });
  });

  it("answers with the route objects of the array it is given, never those of an equal array", () => {
    const make = (): AgnosticRouteObject[] => [{ id: "root", path: "", children: [{ id: "fils", path: "fils/:ref" }] }];
    const [a, b] = [make(), make()];
    const fromA = router.matchRoutes(a, "/fils/1");
    const fromB = router.matchRoutes(b, "/fils/1");
    expect(fromA?.[1]?.route).toBe(a[0]!.children![0]);
    expect(fromB?.[1]?.route).toBe(b[0]!.children![0]);
    expect(router.matchRoutes(a, "/fils/2")?.[1]?.route).toBe(a[0]!.children![0]);
  });

  it("sees routes added in place by patchRoutes (lazy route discovery) and a top-level array that grew", () => {
    const history = router.createMemoryHistory({ initialEntries: ["/"] });
    const client = router.createRouter({ routes: [{ id: "root", path: "/", children: [{ id: "home", index: true }] }], history });
    restore.push(() => client.dispose());
    const before = client.routes;
    expect(router.matchRoutes(before, "/decouverte")).toBeNull();
    client.patchRoutes("root", [{ id: "decouverte", path: "decouverte" }]);
    // The old array shares the root route whose children were pushed to: it must see the new child too.
    expect(router.matchRoutes(before, "/decouverte")?.map((m) => m.route.id)).toEqual(["root", "decouverte"]);
    expect(router.matchRoutes(client.routes, "/decouverte")?.map((m) => m.route.id)).toEqual(["root", "decouverte"]);

    const routes: AgnosticRouteObject[] = [{ id: "a", path: "a" }];
    expect(router.matchRoutes(routes, "/b")).toBeNull();
    routes.push({ id: "b", path: "b" });
    expect(router.matchRoutes(routes, "/b")?.map((m) => m.route.id)).toEqual(["b"]);
  });
});

/** The app's routes as Remix builds them (remix.config.js, app/routes), in the tree server-runtime gives the router. */
function appRoutes(): AgnosticRouteObject[] {
  const appDirectory = fileURLToPath(new URL("../app", import.meta.url));
  const manifest = Object.values(flatRoutes(appDirectory, remixConfig.ignoredRouteFiles));
  const children = (parentId: string): AgnosticRouteObject[] =>
    manifest
      .filter((route) => (route.parentId ?? "root") === parentId)
      .map((route) =>
        route.index
          ? { id: route.id, path: route.path, index: true, caseSensitive: route.caseSensitive }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: children(route.id) },
      );
  return [{ id: "root", path: "", children: children("root") }];
}

describe("the patched router on the app's own routes", () => {
  const paths: [string, string][] = [
    ["/", "routes/_index"],
    ["/fils/12-titre", "routes/fils.$ref"],
    ["/FILS/12-Titre", "routes/fils.$ref"],
    ["/fils/12-titre/", "routes/fils.$ref"],
    ["/fils/nouveau", "routes/fils.nouveau"],
    ["/fils/marquer-lus", "routes/fils.marquer-lus"],
    ["/fils/12-titre/deplacer", "routes/fils.$ref_.deplacer"],
    ["/fils/12-titre/etiquettes", "routes/fils.$ref_.etiquettes"],
    ["/fils/12-titre/messages/5/historique", "routes/fils.$ref_.messages.$postId.historique"],
    ["/fils/12-titre/messages/5/modifier", "routes/fils.$ref_.messages.$postId.modifier"],
    ["/fils", "routes/$"],
    ["/flux/fils.atom", "routes/flux.fils[.]atom"],
    ["/flux/fils/ville-de-paris.atom", "routes/flux.fils.$file"],
    ["/flux/decisions.atom", "routes/flux.decisions[.]atom"],
    ["/gouvernance", "routes/gouvernance._index"],
    ["/gouvernance/decisions/3", "routes/gouvernance.decisions.$id"],
    ["/gouvernance/decisions/3.md", "routes/gouvernance.decisions.$id[.md]"],
    ["/gouvernance/registre.csv", "routes/gouvernance.registre[.csv]"],
    ["/gouvernance/versions/2/articles/4", "routes/gouvernance.versions.$id.articles.$article"],
    ["/membres", "routes/membres._index"],
    ["/membres/7", "routes/membres.$id"],
    ["/membres/7/moderation", "routes/membres.$id_.moderation"],
    ["/collectivites/ville-de-paris", "routes/collectivites.$slug"],
    ["/collectivites/nouvelle", "routes/collectivites.nouvelle"],
    ["/collectivites/ville-de-paris/modifier", "routes/collectivites.$slug_.modifier"],
    ["/admin/courriels", "routes/admin.courriels._index"],
    ["/admin/courriels/12", "routes/admin.courriels.$id"],
    ["/fichiers/3/plan%20de%20d%C3%A9ploiement.pdf", "routes/fichiers_.$id.$name"],
    ["/messages/5/utile", "routes/messages.$postId_.utile"],
    ["/mot-de-passe-oublie/jeton", "routes/mot-de-passe-oublie.$token"],
    ["/invitation/jeton", "routes/invitation.$token"],
    ["/connexion", "routes/connexion"],
    ["/inconnu/page/profonde", "routes/$"],
    ["//fils//12-titre", "routes/$"],
  ];

  it("gives, on every call, the same matches as the unpatched ESM build of the same version", async () => {
    const unpatched = (await import("@remix-run/router/dist/router.js")) as unknown as Router;
    expect(unpatched.matchRoutes).not.toBe(router.matchRoutes);
    const routes = appRoutes();
    const summary = (matches: ReturnType<Router["matchRoutes"]>) =>
      matches?.map(({ route, params, pathname, pathnameBase }) => ({ id: route.id, params: { ...params }, pathname, pathnameBase }));
    for (let round = 0; round < 2; round++) {
      for (const [path, routeId] of paths) {
        const patched = router.matchRoutes(routes, path);
        expect(patched?.at(-1)?.route.id, path).toBe(routeId);
        expect(summary(patched), path).toEqual(summary(unpatched.matchRoutes(routes, path)));
      }
    }
  });
});
