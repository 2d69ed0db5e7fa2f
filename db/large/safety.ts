import { sql, type Kysely } from "kysely";

import { demoAccounts } from "../demo-accounts";
import type { Database } from "../schema";
import { demoCollectivites, demoTopics } from "../seed";

/**
 * What the target holds beyond the demo content (demo collectivités, thématiques, accounts and
 * the demo accounts' threads). The generator refuses to write into such a database unless forced:
 * it is meant for throw-away benchmark databases, never for one with real members.
 */
export interface ExistingContent {
  users: number;
  collectivites: number;
  topics: number;
  threads: number;
}

export async function contentBeyondDemo(db: Kysely<Database>): Promise<ExistingContent> {
  const emails = demoAccounts.map((a) => a.email);
  const collectiviteSlugs = demoCollectivites.map((c) => c.slug);
  const topicSlugs = demoTopics.map((t) => t.slug);
  const { rows } = await sql<ExistingContent>`
    select
      (select count(*) from app_user where email <> all(${emails}::text[])) as users,
      (select count(*) from collectivite where slug <> all(${collectiviteSlugs}::text[])) as collectivites,
      (select count(*) from topic where slug <> all(${topicSlugs}::text[])) as topics,
      (select count(*) from thread join app_user on app_user.id = thread.author_id where app_user.email <> all(${emails}::text[])) as threads
  `.execute(db);
  return rows[0]!;
}

export function describeContent(content: ExistingContent): string | null {
  const parts = [
    content.users ? `${content.users} membre(s)` : null,
    content.collectivites ? `${content.collectivites} collectivité(s)` : null,
    content.topics ? `${content.topics} thématique(s)` : null,
    content.threads ? `${content.threads} fil(s)` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(", ") : null;
}

/** User triggers on the tables the generator fills: they fire for every row written. */
export async function userTriggers(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname || '.' || t.tgname as name
    from pg_trigger t join pg_class c on c.oid = t.tgrelid
    where not t.tgisinternal
      and c.relname in ('app_user', 'collectivite', 'topic', 'thread', 'thread_collectivite', 'thread_topic', 'post', 'thread_read')
    order by 1
  `.execute(db);
  return rows.map((r) => r.name);
}
