import { spawn, type ChildProcess } from "node:child_process";

/**
 * `npm run bench -- --compare`: the app against the same-SQL reference server
 * (tests/bench/reference-server.ts) on the pages a visitor reads, one after the other on the same
 * machine and database, so that the figure that counts is the ratio of one run.
 */

export interface ComparedPage {
  key: string;
  label: string;
  path: string;
}

export interface Comparison {
  key: string;
  label: string;
  path: string;
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

export function startReference(port: number, databaseUrl: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/reference-server.ts"], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, NODE_ENV: "production" },
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

export async function compare(
  pages: ComparedPage[],
  origins: { app: string; reference: string },
  measure: (url: string) => Promise<Measured>,
): Promise<Comparison[]> {
  const comparisons: Comparison[] = [];
  for (const page of pages) {
    const app = await measure(`${origins.app}${page.path}`);
    const reference = await measure(`${origins.reference}${page.path}`);
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
      `${page.label} (visiteur) : app ${app.requestsPerSecond.toFixed(0)} req/s, référence ${reference.requestsPerSecond.toFixed(0)} req/s, ` +
        `rapport ${comparison.ratio.toFixed(2)}×` +
        (app.non2xx || reference.non2xx ? ` (non-2xx : app ${app.non2xx}, référence ${reference.non2xx})` : ""),
    );
  }
  return comparisons;
}

export function formatComparison(rows: Comparison[]): string {
  const lines = [
    "| page, visiteur | app req/s | référence req/s | app / référence | p50 app | p50 référence |",
    "|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.appRequestsPerSecond.toFixed(0)} | ${r.referenceRequestsPerSecond.toFixed(0)} | ${r.ratio.toFixed(2)}× | ` +
        `${r.appP50?.toFixed(1) ?? "–"} ms | ${r.referenceP50?.toFixed(1) ?? "–"} ms |`,
    ),
  ];
  return lines.join("\n");
}
