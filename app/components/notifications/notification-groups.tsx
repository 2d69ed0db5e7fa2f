import { Link } from "@remix-run/react";

import type { NotificationKind } from "../../../db/schema";
import { groupSentence } from "../../notifications/mail-text";
import { RelativeTime } from "../forum/time";

export interface NotificationGroupView {
  openId: number;
  threadId: number | null;
  threadTitle: string | null;
  detail: string | null;
  unread: boolean;
  count: number;
  kinds: NotificationKind[];
  latestActorName: string | null;
  latestAt: string | Date;
}

/** The list of /notifications: one item per thread (unread and read apart), newest first. */
export function NotificationGroups({ groups, now }: { groups: NotificationGroupView[]; now: number }) {
  return (
    <ol className="notification-list">
      {groups.map((group) => (
        <li key={group.detail !== null ? `e${group.openId}` : `${group.threadId}-${group.unread ? "u" : "r"}`} className={group.unread ? "notification notification--unread" : "notification"}>
          {group.unread ? <span className="badge">Non lu</span> : <span className="badge badge--muted">Lu</span>}{" "}
          <Link to={`/notifications/${group.openId}`}>
            {group.detail !== null ? (
              <span dir="auto">{group.detail}</span>
            ) : (
              <>
                {groupSentence(group)} dans « <span dir="auto">{group.threadTitle}</span> »
              </>
            )}
          </Link>{" "}
          <span className="muted">
            <RelativeTime value={new Date(group.latestAt)} now={now} />
          </span>
        </li>
      ))}
    </ol>
  );
}
