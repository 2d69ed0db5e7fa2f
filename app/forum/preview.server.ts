import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { escapeHtml } from "../markdown/escape";
import { hitRateLimit, retryMessage, type RateLimitRule } from "../security/rate-limit.server";
import { BODY_MAX } from "./kinds";
import { renderPreview } from "./render-post.server";
import { checkBody, type Errors } from "./validation";

/**
 * The editor's live preview asks for a render every half second of typing: generous for one
 * member, but bounded, so that nobody can keep the renderer busy for others.
 */
export const previewRules = {
  perMember: { name: "preview:member", limit: 60, windowSeconds: 60 },
  perIp: { name: "preview:ip", limit: 120, windowSeconds: 60 },
} satisfies Record<string, RateLimitRule>;

export type PreviewResult = { status: 200 | 400; html: string } | { status: 429; html: string; retryAfterSeconds: number };

function notice(message: string): string {
  return `<p class="preview__notice">${escapeHtml(message)}</p>`;
}

/** The same pipeline as saving, nothing stored; a refused text gets the form's message instead. */
export async function previewPost(
  db: Kysely<Database>,
  requester: { userId: number; clientAddress: string },
  text: string,
): Promise<PreviewResult> {
  for (const [rule, subject] of [
    [previewRules.perMember, String(requester.userId)],
    [previewRules.perIp, requester.clientAddress],
  ] as const) {
    const limit = await hitRateLimit(db, rule, subject);
    if (!limit.allowed) {
      return { status: 429, html: notice(`Aperçu suspendu : ${retryMessage(limit.retryAfterSeconds)}`), retryAfterSeconds: limit.retryAfterSeconds };
    }
  }
  const body = text.slice(0, BODY_MAX);
  const errors: Errors = {};
  checkBody(body, errors);
  if (errors.body && body.trim() !== "") return { status: 400, html: notice(errors.body) };
  return { status: 200, html: await renderPreview(db, body) };
}
