import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";

import { createRemixHandler } from "./remix-adapter";

/**
 * server-runtime derives its route trees from `build.routes` when it (re)reads the build: on every request when given
 * a function, once when given the build. Counting the reads of `routes` tells which.
 */
function countingBuild() {
  const reads = { routes: 0 };
  const routes = {
    root: { id: "root", path: "", module: {} },
    "routes/sante": {
      id: "routes/sante",
      parentId: "root",
      path: "sante",
      module: { loader: () => new Response("ok") },
    },
  };
  const build = {
    mode: "production",
    entry: { module: { default: () => new Response("document") } },
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "/build/manifest.js", version: "1" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_singleFetch: true },
    isSpaMode: false,
    get routes() {
      reads.routes++;
      return routes;
    },
  } as unknown as ServerBuild;
  return { build, reads };
}

describe("createRemixHandler", () => {
  const ask = async (handle: ReturnType<typeof createRemixHandler>) => {
    const context = { cspNonce: "n", clientAddress: "127.0.0.1" } as AppLoadContext;
    const response = await handle(new Request("http://localhost/sante"), context);
    expect(await response.text()).toBe("ok");
  };

  it("derives the routes once in production, so the router keeps their flattened branches", async () => {
    const { build, reads } = countingBuild();
    const handle = createRemixHandler(() => build, "production");
    await ask(handle);
    const afterFirst = reads.routes;
    await ask(handle);
    await ask(handle);
    expect(afterFirst).toBeGreaterThan(0);
    expect(reads.routes).toBe(afterFirst);
  });

  it("reads the current build again on every request in development (a rebuilt app is picked up)", async () => {
    const { build, reads } = countingBuild();
    const handle = createRemixHandler(() => build, "development");
    await ask(handle);
    const afterFirst = reads.routes;
    await ask(handle);
    expect(reads.routes).toBeGreaterThan(afterFirst);
  });
});
