import { sql } from "kysely";
import pg from "pg";
import { expect, it } from "vitest";

import { notify } from "../../db/notify";
import { describeOnEachDatabase } from "./support/databases";

function nextMessage(messages: string[], count = 1, timeoutMs = 5_000): Promise<string[]> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (messages.length >= count) return resolve(messages.slice(0, count));
      if (Date.now() - started > timeoutMs) return reject(new Error(`waited for ${count} messages, got ${messages.length}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

describeOnEachDatabase("LISTEN/NOTIFY", ({ current }) => {
  it("a notification sent through the pool reaches listeners; unsubscribing stops it", async () => {
    const { handle, db } = current();
    const heard: string[] = [];
    const stop = await handle.notifications.listen("test_channel", (payload) => heard.push(payload));
    await notify(db, "test_channel", "one");
    expect(await nextMessage(heard)).toEqual(["one"]);
    await stop();
    await notify(db, "test_channel", "two");
    await notify(db, "other_channel", "x");
    // A later message on a channel still listened to proves delivery is not just slow.
    const control: string[] = [];
    const stopControl = await handle.notifications.listen("control_channel", (payload) => control.push(payload));
    await notify(db, "control_channel", "ok");
    await nextMessage(control);
    expect(heard).toEqual(["one"]);
    await stopControl();
  });

  it("inside a transaction it is delivered at commit, and never on rollback", async () => {
    const { handle, db } = current();
    const heard: string[] = [];
    const stop = await handle.notifications.listen("tx_channel", (payload) => heard.push(payload));
    await db
      .transaction()
      .execute(async (trx) => {
        await notify(trx, "tx_channel", "rolled back");
        throw new Error("rollback");
      })
      .catch(() => undefined);
    await db.transaction().execute(async (trx) => {
      await notify(trx, "tx_channel", "committed");
      await sql`select 1`.execute(trx);
    });
    expect(await nextMessage(heard)).toEqual(["committed"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toEqual(["committed"]);
    await stop();
  });

  it("two handlers on one channel both hear; channel names are checked", async () => {
    const { handle, db } = current();
    const a: string[] = [];
    const b: string[] = [];
    const stopA = await handle.notifications.listen("shared_channel", (payload) => a.push(payload));
    const stopB = await handle.notifications.listen("shared_channel", (payload) => b.push(payload));
    await notify(db, "shared_channel", "both");
    await nextMessage(a);
    await nextMessage(b);
    await stopA();
    await notify(db, "shared_channel", "b only");
    expect(await nextMessage(b, 2)).toEqual(["both", "b only"]);
    expect(a).toEqual(["both"]);
    await stopB();
    await expect(handle.notifications.listen("bad; drop table", () => undefined)).rejects.toThrow(/invalid/);
    await expect(notify(db, "x".repeat(70), "")).rejects.toThrow(/invalid/);
  });

  it("a notification from another process is heard (server)", async ({ skip }) => {
    if (current().backend !== "postgresql") return skip();
    const { handle } = current();
    const second = await current().openSecondHandle();
    const heard: string[] = [];
    const stop = await handle.notifications.listen("cross_channel", (payload) => heard.push(payload));
    await notify(second.db, "cross_channel", "from afar");
    expect(await nextMessage(heard)).toEqual(["from afar"]);
    await stop();
  });

  it("a dropped LISTEN connection reconnects, listens again and reports the gap (server)", async ({ skip }) => {
    if (current().backend !== "postgresql") return skip();
    const { handle, db } = current();
    const heard: string[] = [];
    let gaps = 0;
    const stopGap = handle.notifications.onGap(() => gaps++);
    const stop = await handle.notifications.listen("gap_channel", (payload) => heard.push(payload));
    // Kill the listening backend from the server side, as a restart or a network cut would.
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const killed = await admin.query(
        "select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and application_name = 'openent-listen'",
        [rows[0]!.name],
      );
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    const deadline = Date.now() + 10_000;
    while (gaps === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gaps).toBe(1);
    await notify(db, "gap_channel", "after reconnect");
    expect(await nextMessage(heard)).toEqual(["after reconnect"]);
    await stop();
    stopGap();
  });
});
