/// <reference types="@remix-run/dev" />

import "@remix-run/node";

declare module "@remix-run/node" {
  /** Set per request by server/index.ts. */
  interface AppLoadContext {
    cspNonce: string;
    /** The client's IP address (through TRUST_PROXY when behind a proxy), for rate limits. */
    clientAddress: string;
    /** Set by entry.server's handleError when a loader or action met an unreachable database (→ 503). */
    databaseUnavailable?: boolean;
  }
}

declare module "@remix-run/server-runtime" {
  // Loader and action data types follow single fetch (turbo-stream), as remix.config.js enables it.
  interface Future {
    v3_singleFetch: true;
  }
}
