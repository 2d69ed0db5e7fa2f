import { describe, expect, it } from "vitest";

import type { Role } from "../../db/schema";
import { actions, can, canInvite, canDiscipline, invitableRoles, roleNeedsCollectivite, type Action } from "./permissions";

type Who = Role | "anonymous" | "suspended";

/** The expected answer for every role × every action, written out so that a change shows here. */
const matrix: Record<Action, Who[]> = {
  "directory.read": ["anonymous", "suspended", "observer", "delegate", "moderator", "admin"],
  "thread.readPublic": ["anonymous", "suspended", "observer", "delegate", "moderator", "admin"],
  "thread.readMembers": ["observer", "delegate", "moderator", "admin"],
  search: ["anonymous", "suspended", "observer", "delegate", "moderator", "admin"],
  "thread.watch": ["observer", "delegate", "moderator", "admin"],
  "feed.personal": ["observer", "delegate", "moderator", "admin"],
  "notifications.read": ["observer", "delegate", "moderator", "admin"],
  "post.report": ["observer", "delegate", "moderator", "admin"],
  "account.manage": ["observer", "delegate", "moderator", "admin"],
  "member.directory": ["observer", "delegate", "moderator", "admin"],
  "member.profile": ["observer", "delegate", "moderator", "admin"],
  "post.bookmark": ["observer", "delegate", "moderator", "admin"],
  "post.markUseful": ["observer", "delegate", "moderator", "admin"],
  "answer.accept": ["delegate", "moderator", "admin"],
  "answer.acceptAny": ["moderator", "admin"],
  "post.draft": ["delegate", "moderator", "admin"],
  "thread.create": ["delegate", "moderator", "admin"],
  "post.reply": ["delegate", "moderator", "admin"],
  "file.upload": ["delegate", "moderator", "admin"],
  "post.editOwn": ["delegate", "moderator", "admin"],
  "post.deleteOwn": ["delegate", "moderator", "admin"],
  "post.editAny": ["moderator", "admin"],
  "post.deleteAny": ["moderator", "admin"],
  "member.warn": ["moderator", "admin"],
  "member.suspend": ["moderator", "admin"],
  "thread.curate": ["moderator", "admin"],
  "thread.split": ["moderator", "admin"],
  "thread.merge": ["moderator", "admin"],
  "governance.manage": ["moderator", "admin"],
  "reports.handle": ["moderator", "admin"],
  "invitation.manage": ["moderator", "admin"],
  "topic.manage": ["moderator", "admin"],
  "collectivite.manage": ["moderator", "admin"],
  "journal.read": ["moderator", "admin"],
  "user.manage": ["admin"],
  "outbox.read": ["admin"],
  "settings.manage": ["admin"],
};

const everyone: Who[] = ["anonymous", "suspended", "observer", "delegate", "moderator", "admin"];

function actorFor(who: Who) {
  if (who === "anonymous") return null;
  if (who === "suspended") return { role: "admin" as const, status: "suspended" as const };
  return { role: who, status: "active" as const };
}

describe("can", () => {
  it("covers every action in the matrix", () => {
    expect(Object.keys(matrix).sort()).toEqual([...actions].sort());
  });

  for (const action of actions) {
    for (const who of everyone) {
      const expected = matrix[action].includes(who);
      it(`${who} ${expected ? "may" : "may not"} ${action}`, () => {
        expect(can(actorFor(who), action)).toBe(expected);
      });
    }
  }
});

describe("invitations", () => {
  it("lets moderators invite délégués and observateurs only", () => {
    const moderator = { role: "moderator" as const, status: "active" as const };
    expect(invitableRoles(moderator).sort()).toEqual(["delegate", "observer"]);
    expect(canInvite(moderator, "moderator")).toBe(false);
    expect(canInvite(moderator, "admin")).toBe(false);
  });

  it("lets administrators invite anyone, and nobody else invite at all", () => {
    expect(invitableRoles({ role: "admin", status: "active" }).sort()).toEqual(["admin", "delegate", "moderator", "observer"]);
    expect(invitableRoles({ role: "delegate", status: "active" })).toEqual([]);
    expect(invitableRoles({ role: "admin", status: "suspended" })).toEqual([]);
    expect(invitableRoles(null)).toEqual([]);
  });

  it("requires a collectivité for délégués and modérateurs only", () => {
    expect(roleNeedsCollectivite("delegate")).toBe(true);
    expect(roleNeedsCollectivite("moderator")).toBe(true);
    expect(roleNeedsCollectivite("observer")).toBe(false);
    expect(roleNeedsCollectivite("admin")).toBe(false);
  });
});

describe("warnings and timed suspensions", () => {
  const moderator = { id: 1, role: "moderator" as const, status: "active" as const };
  const admin = { id: 2, role: "admin" as const, status: "active" as const };
  it("lets moderators suspend délégués and observateurs, administrators moderators too, nobody themselves", () => {
    expect(canDiscipline(moderator, { id: 5, role: "delegate" })).toBe(true);
    expect(canDiscipline(moderator, { id: 5, role: "observer" })).toBe(true);
    expect(canDiscipline(moderator, { id: 5, role: "moderator" })).toBe(false);
    expect(canDiscipline(moderator, { id: 5, role: "admin" })).toBe(false);
    expect(canDiscipline(admin, { id: 5, role: "moderator" })).toBe(true);
    expect(canDiscipline(admin, { id: 5, role: "admin" })).toBe(false);
    expect(canDiscipline(admin, { id: 2, role: "admin" })).toBe(false);
    expect(canDiscipline({ id: 3, role: "delegate", status: "active" }, { id: 5, role: "observer" })).toBe(false);
  });
});
