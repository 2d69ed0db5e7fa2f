import type { Kysely } from "kysely";

import { createThread } from "../../../app/forum/threads.server";
import type { ThreadInput } from "../../../app/forum/validation";
import type { Viewer } from "../../../app/forum/viewer";
import type { Database, User } from "../../../db/schema";

export function viewerOf(user: User): Viewer {
  return { id: user.id, role: user.role, status: user.status };
}

export async function tagIds(db: Kysely<Database>, collectivites: string[], topics: string[]) {
  const c = await db.selectFrom("collectivite").select(["id", "slug"]).where("slug", "in", collectivites).execute();
  const t = await db.selectFrom("topic").select(["id", "slug"]).where("slug", "in", topics).execute();
  return { collectiviteIds: c.map((r) => r.id), topicIds: t.map((r) => r.id) };
}

let n = 0;

export async function makeThread(db: Kysely<Database>, author: User, overrides: Partial<ThreadInput> = {}) {
  n += 1;
  const tags = await tagIds(db, ["ile-de-france"], ["deploiement"]);
  const result = await createThread(db, viewerOf(author), {
    title: `Fil de test numéro ${n}`,
    kind: "discussion",
    body: `Premier message du fil ${n}.`,
    report: null,
    ...tags,
    ...overrides,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}
