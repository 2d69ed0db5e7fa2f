import type { Role, UserStatus } from "../../db/schema";

/** Who is reading: enough to decide visibility and unread marks. */
export interface Viewer {
  id: number;
  role: Role;
  status: UserStatus;
}
