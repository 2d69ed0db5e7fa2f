import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from "kysely";

import * as m001 from "./migrations/2026_11_28_001_foundation";
import * as m002 from "./migrations/2026_11_28_002_accounts";
import * as m003 from "./migrations/2026_11_28_003_forum";
import * as m004 from "./migrations/2026_11_28_004_search";
import * as m005 from "./migrations/2026_11_29_005_account_hardening";
import * as m006 from "./migrations/2026_11_29_006_submission_keys";
import * as m007 from "./migrations/2026_11_29_007_directory_curation";
import * as m008 from "./migrations/2026_11_29_008_moderation";
import * as m009 from "./migrations/2026_11_29_009_profiles_bookmarks";
import * as m010 from "./migrations/2026_11_29_010_useful_marks";
import * as m011 from "./migrations/2026_11_29_011_governance";
import * as m013 from "./migrations/2026_11_29_013_notifications";
import * as m014 from "./migrations/2026_11_29_014_feeds";
import * as m017 from "./migrations/2026_11_29_017_moderation_more";
import * as m020 from "./migrations/2026_11_29_020_files";
import * as m021 from "./migrations/2026_11_29_021_forum_answers_drafts";
import * as m022 from "./migrations/2026_11_29_022_page_cache";
import * as m023 from "./migrations/2026_11_29_023_search_plan";
import * as m024 from "./migrations/2026_11_29_024_thread_moves";
import * as m025 from "./migrations/2026_11_29_025_notification_events";
import * as m026 from "./migrations/2026_11_29_026_notification_fanout";
import type { Database } from "./schema";

/**
 * Listed by hand because the built server cannot read its `.ts` sources from disk.
 * Append new migrations here; never edit or reorder a landed one.
 */
const migrations: Record<string, Migration> = {
  "2026_11_28_001_foundation": m001,
  "2026_11_28_002_accounts": m002,
  "2026_11_28_003_forum": m003,
  "2026_11_28_004_search": m004,
  "2026_11_29_005_account_hardening": m005,
  "2026_11_29_006_submission_keys": m006,
  "2026_11_29_007_directory_curation": m007,
  "2026_11_29_008_moderation": m008,
  "2026_11_29_009_profiles_bookmarks": m009,
  "2026_11_29_010_useful_marks": m010,
  "2026_11_29_011_governance": m011,
  "2026_11_29_013_notifications": m013,
  "2026_11_29_014_feeds": m014,
  "2026_11_29_017_moderation_more": m017,
  "2026_11_29_020_files": m020,
  "2026_11_29_021_forum_answers_drafts": m021,
  "2026_11_29_022_page_cache": m022,
  "2026_11_29_023_search_plan": m023,
  "2026_11_29_024_thread_moves": m024,
  "2026_11_29_025_notification_events": m025,
  "2026_11_29_026_notification_fanout": m026,
};

export const migrationNames = Object.keys(migrations);

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Kysely takes a PostgreSQL advisory lock around the run, so two processes starting together
 * apply each migration once, one after the other.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "?";
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed} a échoué / failed: ${cause}`, { cause: result.error });
  }
  return result;
}
