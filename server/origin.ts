/**
 * The one public origin of the site. Every absolute URL the app writes (links in e-mail, later Atom
 * and canonical links) comes from here, never from request headers, and requests addressed to any
 * other host are refused. Pure and dependency-free: the server reads it at start-up, the Remix app
 * (`app/lib/origin.server.ts`) reads the same environment through the same function.
 */

/** A setting the operator must fix: printed as one line at start-up, then a non-zero exit. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface OriginConfig {
  /** e.g. "https://echanges.example.org" or, embedded default, "http://localhost:3000". */
  origin: string;
  /** Accepted values of the `Host` header (lower case, with the port when it is not the default). */
  hosts: readonly string[];
  /** Accepted values of `Origin` for state-changing requests (CSRF). */
  origins: readonly string[];
}

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];
const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

export function listenPort(env: Record<string, string | undefined>): number {
  return Number(env.PORT) || 3000;
}

/**
 * APP_ORIGIN, required with DATABASE_URL (a production server); the embedded demo defaults to
 * http://localhost:$PORT. When the origin's host is a loopback name, the other loopback names on the
 * same port are accepted too, so a newcomer's browser and local tools work either way.
 */
export function originConfig(env: Record<string, string | undefined>): OriginConfig {
  const raw = env.APP_ORIGIN?.trim();
  if (!raw) {
    if (env.DATABASE_URL?.trim()) {
      throw new ConfigError(
        "APP_ORIGIN est obligatoire avec DATABASE_URL / APP_ORIGIN is required with DATABASE_URL " +
          "(l'adresse publique du site / the public address of the site, e.g. APP_ORIGIN=https://echanges.example.org)",
      );
    }
    return originConfigOf(new URL(`http://localhost:${listenPort(env)}`));
  }
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    !(url.protocol in DEFAULT_PORTS) ||
    url.username ||
    url.password ||
    url.pathname !== "/" ||
    url.search ||
    url.hash ||
    raw.includes("?") ||
    raw.includes("#")
  ) {
    throw new ConfigError(
      `APP_ORIGIN invalide / invalid: "${raw}" (attendu / expected: http(s)://nom[:port], sans chemin / without a path, ` +
        "e.g. https://echanges.example.org)",
    );
  }
  return originConfigOf(url);
}

function originConfigOf(url: URL): OriginConfig {
  const names = LOOPBACK_NAMES.includes(url.hostname) ? LOOPBACK_NAMES : [url.hostname];
  const defaultPort = DEFAULT_PORTS[url.protocol]!;
  const hosts = new Set<string>();
  const origins = new Set<string>([url.origin]);
  for (const name of names) {
    hosts.add(url.port ? `${name}:${url.port}` : name);
    // Some clients write the default port out; it is the same host.
    if (!url.port) hosts.add(`${name}:${defaultPort}`);
    origins.add(`${url.protocol}//${name}${url.port ? `:${url.port}` : ""}`);
  }
  return { origin: url.origin, hosts: [...hosts], origins: [...origins] };
}

/** Whether a `Host` (or trusted `X-Forwarded-Host`) value names this site. */
export function isAllowedHost(host: string | undefined, config: OriginConfig): boolean {
  return host !== undefined && config.hosts.includes(host.trim().toLowerCase());
}
