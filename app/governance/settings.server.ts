import type { Kysely } from "kysely";

import { mergeAppState, readAppState } from "../../db/app-state";
import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { can } from "../auth/permissions";
import { allowedOrJournaled, type Moderator } from "../moderation/refusal.server";

/** Site settings (app_state key `settings`): for now, whether délégués may open proposals. */
export interface SiteSettings {
  delegatesMayPropose: boolean;
}

const KEY = "settings";
const defaults: SiteSettings = { delegatesMayPropose: true };

export async function readSiteSettings(db: Kysely<Database>): Promise<SiteSettings> {
  const stored = (await readAppState(db, KEY)) ?? {};
  return {
    delegatesMayPropose: typeof stored.delegatesMayPropose === "boolean" ? stored.delegatesMayPropose : defaults.delegatesMayPropose,
  };
}

/** Changes the settings (administrators); a real change writes one journal entry, a refusal too. */
export async function updateSiteSettings(db: Kysely<Database>, actor: Moderator, next: SiteSettings): Promise<"changed" | "unchanged" | "refused"> {
  if (!(await allowedOrJournaled(db, actor, "settings.manage", { act: "settings.update" }))) return "refused";
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom("app_state").select("key").where("key", "=", KEY).forUpdate().executeTakeFirst();
    const before = await readSiteSettings(trx);
    if (before.delegatesMayPropose === next.delegatesMayPropose) return "unchanged";
    await mergeAppState(trx, KEY, { ...next });
    await recordAudit(trx, { actorId: actor.id, action: "settings.updated", details: { before, after: next } });
    return "changed";
  });
}

/** Who may open a gouvernance thread: moderators, and délégués while the setting allows it. */
export function mayPropose(actor: Moderator | null, settings: SiteSettings): boolean {
  if (can(actor, "governance.manage")) return true;
  return can(actor, "thread.create") && settings.delegatesMayPropose;
}
