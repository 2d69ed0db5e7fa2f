import { useMatches } from "@remix-run/react";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";

import { LIVE_EVENTS, type LiveEventName } from "../../live/events";

/**
 * One server-sent-event stream per page (a member may hold only a few at once), shared by the
 * components that listen to it: the thread page's "N nouveaux messages" and the header's unread
 * notification count. Without JavaScript or EventSource nothing opens and the page is as served.
 */
const LiveStreamContext = createContext<EventTarget | null>(null);

export function LiveStreamProvider({ url, children }: { url: string | null; children: ReactNode }) {
  const [target] = useState(() => (typeof EventTarget === "undefined" ? null : new EventTarget()));

  useEffect(() => {
    if (url === null || target === null || typeof EventSource === "undefined") return;
    const source = new EventSource(url);
    const relays = LIVE_EVENTS.map((name) => {
      const relay = (event: MessageEvent<string>) => target.dispatchEvent(new MessageEvent(name, { data: event.data }));
      source.addEventListener(name, relay);
      return [name, relay] as const;
    });
    return () => {
      for (const [name, relay] of relays) source.removeEventListener(name, relay);
      source.close();
    };
  }, [url, target]);

  return <LiveStreamContext.Provider value={target}>{children}</LiveStreamContext.Provider>;
}

/** Calls `handler` with the data of each `name` event of the page's stream. */
export function useLiveEvent(name: LiveEventName, handler: (data: string) => void): void {
  const target = useContext(LiveStreamContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (target === null) return;
    const listener = (event: Event) => latest.current((event as MessageEvent<string>).data);
    target.addEventListener(name, listener);
    return () => target.removeEventListener(name, listener);
  }, [target, name]);
}

/** A route whose page follows one thread exports `handle: LiveThreadHandle`. */
export interface LiveThreadHandle {
  liveThreadId(data: unknown): number | null;
}

/** The thread the current page follows, if any (from the matched routes' handles). */
export function useLiveThreadId(): number | null {
  const matches = useMatches();
  for (const match of matches) {
    const handle = match.handle as Partial<LiveThreadHandle> | undefined;
    const id = typeof handle?.liveThreadId === "function" ? handle.liveThreadId(match.data) : null;
    if (id !== null) return id;
  }
  return null;
}
