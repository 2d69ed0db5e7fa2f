import type { Transaction } from "kysely";

import type { Database, ThreadVisibility } from "../../db/schema";
import type { MentionedMember } from "../forum/render-post.server";
import { addNotice } from "../moderation/notices.server";
import { notifyNewPost, unreachableMentions } from "./create.server";
import { autoWatch } from "./watch.server";

/**
 * What a new post sets off, in its transaction: the author watches the thread (unless they turned
 * that default off), the notifications, and a notice to the author naming mentioned members who
 * cannot read the thread (they are not notified). At most four queries, whatever the watchers.
 */
export async function afterPostCreated(
  trx: Transaction<Database>,
  post: {
    threadId: number;
    postId: number;
    authorId: number;
    opensThread: boolean;
    visibility: ThreadVisibility;
    mentions: MentionedMember[];
    quotedPostIds: number[];
  },
): Promise<{ recipients: number[]; unreachable: MentionedMember[] }> {
  await autoWatch(trx, post.authorId, post.threadId, post.opensThread ? "own" : "replied");
  const recipients = await notifyNewPost(trx, post);
  const unreachable = unreachableMentions(post.mentions, post.visibility, post.authorId);
  if (unreachable.length > 0) await addNotice(trx, post.authorId, unreachableNotice(unreachable));
  return { recipients, unreachable };
}

export function unreachableNotice(members: { displayName: string; handle: string }[]): string {
  const names = members.map((m) => `${m.displayName} (@${m.handle})`).join(", ");
  return members.length === 1
    ? `Votre message mentionne ${names}, qui ne peut pas lire ce fil : cette personne n'a pas été notifiée.`
    : `Votre message mentionne ${names}, qui ne peuvent pas lire ce fil : ces personnes n'ont pas été notifiées.`;
}
