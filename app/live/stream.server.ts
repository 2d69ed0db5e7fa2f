import type { LiveHub } from "./hub.server";

/**
 * One server-sent-events response on the hub: `text/event-stream`, never cached or buffered by a
 * proxy, ended when the client goes away (the request's signal), when the hub closes, or on
 * cancel. Refused with 429 and `Retry-After` when its owner already has enough streams, 503 when
 * the process has too many or is shutting down.
 */

export interface StreamRequest {
  owner: string;
  memberId: number | null;
  threadId: number | null;
  signal: AbortSignal;
}

/** How long a browser waits before reconnecting after a stream ended (the `retry:` field). */
export const RECONNECT_MS = 10_000;

export function openEventStream(hub: LiveHub, request: StreamRequest): Response {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let ended = false;
  let disconnect = () => {};
  const end = () => {
    if (ended) return;
    ended = true;
    disconnect();
    try {
      controller?.close();
    } catch {
      // Already closed or errored.
    }
  };
  const client = {
    owner: request.owner,
    memberId: request.memberId,
    threadId: request.threadId,
    write(chunk: string) {
      if (!ended) controller?.enqueue(encoder.encode(chunk));
    },
    end,
  };
  const result = hub.connect(client);
  if (!result.ok) {
    const tooMany = result.reason === "owner";
    return new Response(tooMany ? "Trop de connexions en direct ouvertes : fermez un onglet." : "Service de mise à jour en direct indisponible.", {
      status: tooMany ? 429 : 503,
      headers: { "Retry-After": "30", "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  disconnect = result.disconnect;
  const stream = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      client.write(`retry: ${RECONNECT_MS}\n: ok\n\n`);
      if (request.signal.aborted) end();
      else request.signal.addEventListener("abort", end, { once: true });
      void hub.welcome(client);
    },
    cancel() {
      ended = true;
      disconnect();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Accel-Buffering": "no",
    },
  });
}
