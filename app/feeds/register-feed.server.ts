import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { listRegister } from "../governance/register.server";
import { statusLabels } from "../governance/statuses";
import { escapeHtml } from "../markdown/escape";
import type { AtomEntry } from "./atom";
import { absolute, FEED_SIZE, feedDocument, type FeedDocument } from "./feeds.server";
import { feedPaths } from "./paths";

/**
 * The register of decisions as an Atom feed (issue 12, item 5): the standing decisions of public
 * proposals, newest recorded first, each linking to its decision record. One query for the
 * decisions and one for their thématiques (listRegister), whatever their number.
 */
export async function registerFeed(db: Kysely<Database>): Promise<FeedDocument> {
  const decisions = await listRegister(db, null, { topic: null, year: null, status: null }, FEED_SIZE);
  const entries: AtomEntry[] = decisions
    .sort((a, b) => new Date(b.recordedAt).getTime() - new Date(a.recordedAt).getTime() || b.id - a.id)
    .map((d) => {
      const votes = [d.votesFor, d.votesAgainst, d.abstentions].every((n) => n !== null)
        ? `<p>Pour : ${d.votesFor}, contre : ${d.votesAgainst}, abstentions : ${d.abstentions}.</p>`
        : "";
      const version = d.versionNumber !== null ? ` (texte de référence, version ${d.versionNumber})` : "";
      return {
        id: absolute(`/gouvernance/decisions/${d.id}`),
        title: `${statusLabels[d.outcome]} : ${d.threadTitle}`,
        link: absolute(`/gouvernance/decisions/${d.id}`),
        published: new Date(d.recordedAt),
        updated: new Date(d.recordedAt),
        authorName: d.decidingBody,
        html: `<p>Décision du ${escapeHtml(d.decidedOn)}, ${escapeHtml(d.decidingBody)}${escapeHtml(version)}.</p>${votes}<p>${escapeHtml(d.summary)}</p>`,
      };
    });
  return feedDocument(entries, {
    id: absolute(feedPaths.register),
    title: "OpenENT Échanges — registre des décisions",
    subtitle: "Les décisions de gouvernance en vigueur, sur les propositions publiques",
    selfPath: feedPaths.register,
    alternatePath: "/gouvernance",
  });
}
