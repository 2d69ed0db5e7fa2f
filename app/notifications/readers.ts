import { can, roles } from "../auth/permissions";

/** Roles that may read members-only / public threads: permissions.ts decides, the SQL only repeats it. */
export const membersReaderRoles = roles.filter((role) => can({ role, status: "active" }, "thread.readMembers"));
export const publicReaderRoles = roles.filter((role) => can({ role, status: "active" }, "thread.readPublic"));
