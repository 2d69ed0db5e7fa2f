import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { ServerBuild } from "@remix-run/node";

/**
 * Which Remix route a URL reaches, for logs and metrics: the route id (`routes/fils.$ref`) is a
 * bounded label, unlike the path, and never carries a member's data. Matched here, in the server,
 * with the router Remix itself uses, on the build's route manifest.
 */

export interface RouteMatch {
  routeId: string;
  /** The path for the log: the values of `token` parameters (invitation, password reset) replaced. */
  path: string;
}

export type RouteMatcher = (pathname: string) => RouteMatch;

type Manifest = ServerBuild["routes"];

function tree(manifest: Manifest, parentId?: string): AgnosticRouteObject[] {
  return Object.values(manifest)
    .filter((route) => route?.parentId === parentId)
    .map((route) => ({
      id: route!.id,
      path: route!.path,
      index: route!.index,
      caseSensitive: route!.caseSensitive,
      children: route!.index ? undefined : tree(manifest, route!.id),
    })) as AgnosticRouteObject[];
}

const SECRET_PARAM = /token/i;

/**
 * The route tree cut by the first segment of the path. `matchRoutes` flattens and ranks every route
 * of the tree it is given on each call (~80 here, for every request's log line); a path can only
 * reach the root's children whose path starts with its first segment, or with a parameter, a splat
 * or nothing (index, layout), so each first segment gets the tree of those alone, in their order
 * (which breaks ties in the ranking): the same match, from a few routes.
 */
function treesByFirstSegment(routes: AgnosticRouteObject[]): (path: string) => AgnosticRouteObject[] {
  const [root, ...others] = routes;
  if (!root || others.length > 0 || !root.children) return () => routes;
  const children = root.children;
  const firstSegment = (route: AgnosticRouteObject): string | null => {
    const first = (route.path ?? "").split("/").find(Boolean);
    return !first || /[:*?]/.test(first) ? null : first.toLowerCase();
  };
  const keys = new Set(children.map(firstSegment).filter((key): key is string => key !== null));
  const cut = (key: string | null) => [{ ...root, children: children.filter((child) => [null, key].includes(firstSegment(child))) }] as AgnosticRouteObject[];
  const trees = new Map([...keys].map((key) => [key, cut(key)]));
  const rest = cut(null);
  return (path) => trees.get(safeDecode(path.split("/").find(Boolean) ?? "").toLowerCase()) ?? rest;
}

export function createRouteMatcher(manifest: Manifest): RouteMatcher {
  const routesFor = treesByFirstSegment(tree(manifest));
  return (pathname) => {
    // Single fetch asks for a page's data at `<path>.data` (`/_root.data` for the home page).
    let path = pathname;
    if (path.endsWith(".data")) path = path === "/_root.data" ? "/" : path.slice(0, -".data".length);
    const matches = matchRoutes(routesFor(path), path) ?? [];
    const leaf = matches[matches.length - 1];
    if (!leaf) return { routeId: "none", path: redactAll(pathname) };
    const secrets = Object.entries(leaf.params)
      .filter(([name, value]) => SECRET_PARAM.test(name) && value)
      .map(([, value]) => value!);
    return { routeId: leaf.route.id!, path: secrets.length ? redact(pathname, secrets) : pathname };
  };
}

function redact(pathname: string, secrets: string[]): string {
  return pathname
    .split("/")
    .map((segment) => (secrets.includes(safeDecode(segment).replace(/\.data$/, "")) ? ":token" : segment))
    .join("/");
}

/** Without a match nothing says which segment is secret: keep only the first one. */
function redactAll(pathname: string): string {
  const first = pathname.split("/")[1];
  return first ? `/${first}/…` : pathname;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
