import { spawn, type ChildProcess } from "node:child_process";

/**
 * `npm run bench -- --compare`: the app against the same-SQL reference server
 * (tests/bench/reference-server.ts), one page after the other on the same machine and database, so
 * that the figure that counts is the ratio of one run: the pages a visitor reads (the app answers
 * them from its page cache), then the pages the bench member reads with its session cookie (the
 * app renders each one; the reference replays the statements the app sent for it).
 */

export type Audience = "visitor" | "member";

export interface ComparedPage {
  key: string;
  label: string;
  path: string;
  audience: Audience;
}

export interface Comparison extends ComparedPage {
  appRequestsPerSecond: number;
  referenceRequestsPerSecond: number;
  ratio: number;
  appP50: number | null;
  referenceP50: number | null;
  appNon2xx: number;
  referenceNon2xx: number;
}

export interface Measured {
  requestsPerSecond: number;
  p50: number | null;
  non2xx: number;
}

/** What a browser sends: the app may answer compressed; the reference never compresses. */
export const VISITOR_HEADERS = { "accept-encoding": "br, gzip" };

const AUDIENCE_LABELS: Record<Audience, string> = { visitor: "visiteur", member: "membre connecté" };

export function startReference(port: number, databaseUrl: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/reference-server.ts"], {
    // LOG_LEVEL: the app that records members' statements inside it (reference-members.ts) stays quiet.
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("reference server on")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`le serveur de référence s'est arrêté (code ${code})`)));
  });
  return { child, ready };
}

/** Each page on the app, then on the reference: a visitor's without a cookie, a member's with it. */
export async function compare(
  pages: ComparedPage[],
  origins: { app: string; reference: string },
  cookie: string,
  measure: (url: string, headers: Record<string, string>) => Promise<Measured>,
): Promise<Comparison[]> {
  const comparisons: Comparison[] = [];
  for (const page of pages) {
    // A member's page is rendered per request: both servers answer it uncompressed, as the bench's own runs ask it.
    const headers = page.audience === "member" ? { cookie } : VISITOR_HEADERS;
    // One request each first: the reference records a member's statements on its first request of a page.
    for (const origin of [origins.app, origins.reference]) {
      const probe = await fetch(`${origin}${page.path}`, { headers, redirect: "manual" }).catch((error: Error) => {
        throw new Error(`${origin}${page.path} : ${error.message} (${String((error.cause as Error | undefined)?.message ?? "")})`);
      });
      await probe.arrayBuffer();
      if (probe.status !== 200) console.log(`Attention : ${origin}${page.path} répond HTTP ${probe.status}.`);
    }
    const app = await measure(`${origins.app}${page.path}`, headers);
    const reference = await measure(`${origins.reference}${page.path}`, headers);
    const comparison: Comparison = {
      ...page,
      appRequestsPerSecond: app.requestsPerSecond,
      referenceRequestsPerSecond: reference.requestsPerSecond,
      ratio: app.requestsPerSecond / reference.requestsPerSecond,
      appP50: app.p50,
      referenceP50: reference.p50,
      appNon2xx: app.non2xx,
      referenceNon2xx: reference.non2xx,
    };
    comparisons.push(comparison);
    console.log(
      `${page.label} (${AUDIENCE_LABELS[page.audience]}) : app ${app.requestsPerSecond.toFixed(0)} req/s, référence ${reference.requestsPerSecond.toFixed(0)} req/s, ` +
        `rapport ${comparison.ratio.toFixed(2)}×` +
        (app.non2xx || reference.non2xx ? ` (non-2xx : app ${app.non2xx}, référence ${reference.non2xx})` : ""),
    );
  }
  return comparisons;
}

/** Starts the reference server, compares the pages, stops it whatever happens. */
export async function runComparison(
  pages: ComparedPage[],
  options: { databaseUrl: string; appOrigin: string; referencePort: number; cookie: string },
  measure: (url: string, headers: Record<string, string>) => Promise<Measured>,
): Promise<Comparison[]> {
  const reference = startReference(options.referencePort, options.databaseUrl);
  try {
    await reference.ready;
    console.log(`\nComparaison avec le serveur de référence (même SQL) sur le port ${options.referencePort} :`);
    return await compare(pages, { app: options.appOrigin, reference: `http://127.0.0.1:${options.referencePort}` }, options.cookie, measure);
  } finally {
    reference.child.kill("SIGTERM");
  }
}

export function formatComparison(rows: Comparison[]): string {
  const lines = [
    "| page | lecteur | app req/s | référence req/s | app / référence | p50 app | p50 référence |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.label} | ${AUDIENCE_LABELS[r.audience]} | ${r.appRequestsPerSecond.toFixed(0)} | ${r.referenceRequestsPerSecond.toFixed(0)} | ${r.ratio.toFixed(2)}× | ` +
        `${r.appP50?.toFixed(1) ?? "–"} ms | ${r.referenceP50?.toFixed(1) ?? "–"} ms |`,
    ),
  ];
  return lines.join("\n");
}
