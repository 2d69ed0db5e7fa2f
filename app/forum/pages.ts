import { POSTS_PER_PAGE } from "./kinds";

/** The page of a thread that shows the post at `position` (stable unless moderators move posts: docs/decisions/004). */
export function pageOfPosition(position: number): number {
  return Math.max(1, Math.ceil(position / POSTS_PER_PAGE));
}
