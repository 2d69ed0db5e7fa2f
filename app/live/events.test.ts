import { describe, expect, it } from "vitest";

import { liveStreamUrl, newPostsLabel, pageStreamUrl, parseNotificationsEvent, parsePostsEvent } from "./events";

describe("live events in the browser", () => {
  it("reads a posts event and nothing else", () => {
    expect(parsePostsEvent('{"threadId":12,"posts":8}')).toEqual({ threadId: 12, posts: 8 });
    for (const bad of ["", "null", "[]", '{"threadId":"12","posts":8}', '{"threadId":12}', "{", '{"threadId":1.5,"posts":2}']) {
      expect(parsePostsEvent(bad)).toBeNull();
    }
  });

  it("says how many new posts, in French", () => {
    expect(newPostsLabel(1)).toBe("1 nouveau message");
    expect(newPostsLabel(3)).toBe("3 nouveaux messages");
  });

  it("addresses the stream of a thread", () => {
    expect(liveStreamUrl(12)).toBe("/direct?fil=12");
    expect(liveStreamUrl(null)).toBe("/direct");
  });

  it("reads a notifications event and nothing else", () => {
    expect(parseNotificationsEvent('{"unread":3}')).toBe(3);
    expect(parseNotificationsEvent('{"unread":0}')).toBe(0);
    for (const bad of ["", "null", "{", '{"unread":-1}', '{"unread":"3"}', '{"unread":2.5}', "[3]"]) {
      expect(parseNotificationsEvent(bad)).toBeNull();
    }
  });

  it("opens one stream per page: the thread's, a member's own, or none for a visitor elsewhere", () => {
    expect(pageStreamUrl(true, 12)).toBe("/direct?fil=12");
    expect(pageStreamUrl(false, 12)).toBe("/direct?fil=12");
    expect(pageStreamUrl(true, null)).toBe("/direct");
    expect(pageStreamUrl(false, null)).toBeNull();
  });
});
