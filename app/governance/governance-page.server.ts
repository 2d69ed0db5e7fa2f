import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session.server";
import { listThreads } from "../forum/list-threads.server";
import { listTopics } from "../topics/topics.server";
import type { RegisterFilters } from "./register-query";
import { listRegister, registerYears } from "./register.server";
import { mayPropose, readSiteSettings } from "./settings.server";

/**
 * `/gouvernance`: the proposals (gouvernance threads) by status and thématique, newest activity
 * first with keyset pagination, and the register of decisions by thématique and year. A bounded
 * number of queries whatever the data.
 */
export async function loadGovernancePage(db: Kysely<Database>, user: SessionUser | null, filters: RegisterFilters, cursor: string | null) {
  const [topics, settings, years] = await Promise.all([listTopics(db), readSiteSettings(db), registerYears(db, user)]);
  const topicId = filters.topic ? (topics.find((t) => t.slug === filters.topic)?.id ?? -1) : null;
  const [{ threads, nextCursor }, register] = await Promise.all([
    listThreads(db, user, { kind: "gouvernance", governanceStatus: filters.status, topicId }, cursor),
    listRegister(db, user, filters),
  ]);
  return {
    proposals: threads,
    nextCursor,
    register,
    years,
    topics: topics.map((t) => ({ slug: t.slug, name: t.name })),
    canPropose: mayPropose(user, settings),
  };
}
