import { describe, expect, it } from "vitest";

import { decodeCursor, encodeCursor } from "./cursor";

const b64 = (text: string) => Buffer.from(text).toString("base64url");

describe("list cursors", () => {
  it("read back what they wrote", () => {
    const cursor = { at: new Date("2024-05-01T10:00:00Z").toISOString(), id: 42 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each(["foo 2024|1", "2024-02-30|1", "2024-02-30T00:00:00.000Z|1", "2024-05-01T10:00:00.000Z|99999999999999999999", "2024-05-01T10:00:00.000Z|-1", "2024-05-01T10:00:00.000Z|1|2", "\u0000|1", ""])(
    "refuse the tampered cursor %j",
    (text) => {
      expect(decodeCursor(b64(text))).toBeNull();
    },
  );

  it("refuse what is not base64 or far too long", () => {
    expect(decodeCursor("%%%")).toBeNull();
    expect(decodeCursor("A".repeat(10_000))).toBeNull();
  });
});
