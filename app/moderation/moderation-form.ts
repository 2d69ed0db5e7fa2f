import type { ReportReason, ReportResolution } from "../../db/schema";
import { hasNulCharacter } from "../lib/text-rules";

/**
 * Client-safe parsing of the moderation forms (threads, posts, reports): limits, French labels
 * and messages. The domain functions in `*.server.ts` check again what matters to the database.
 */

export const REASON_MAX = 500;
export const NOTE_MAX = 1000;
/** A post reported by this many distinct members is hidden pending review (Decidim's rule). */
export const AUTO_HIDE_THRESHOLD = 3;

export const reportReasons: readonly ReportReason[] = ["inappropriate", "off_topic", "personal_data", "duplicate", "other"];

export const reportReasonLabels: Record<ReportReason, string> = {
  inappropriate: "Propos inappropriés",
  off_topic: "Hors sujet",
  personal_data: "Données personnelles",
  duplicate: "Doublon",
  other: "Autre",
};

export const resolutionLabels: Record<ReportResolution, string> = {
  hidden: "Masquer le message",
  locked: "Verrouiller le fil",
  warned: "Avertir l'auteur",
  edited: "Modifier le message",
  dismissed: "Classer sans suite",
};

/** What the queue's form offers; "edited" is chosen from the edit page (resolve by editing). */
export const resolutions: readonly ReportResolution[] = ["hidden", "locked", "warned", "dismissed"];

export function isReportReason(value: string): value is ReportReason {
  return (reportReasons as readonly string[]).includes(value);
}

export function isResolution(value: string): value is ReportResolution {
  return (resolutions as readonly string[]).includes(value);
}

export type FormErrors = Partial<Record<string, string>>;

/** A required reason (lock, hide), trimmed; a message if empty or too long. */
export function checkReason(value: string, errors: FormErrors, field = "reason", required = true): string {
  const reason = value.trim();
  if (required && reason.length === 0) errors[field] = "Indiquez la raison : elle est montrée aux lecteurs.";
  else if (hasNulCharacter(reason)) errors[field] = "La raison contient un caractère nul, qui n'est pas accepté.";
  else if (reason.length > REASON_MAX) errors[field] = `La raison ne doit pas dépasser ${REASON_MAX} caractères (elle en compte ${reason.length}).`;
  return reason;
}

/** An optional note, trimmed; a message if too long. */
export function checkNote(value: string, errors: FormErrors, field = "note"): string | null {
  const note = value.trim();
  if (hasNulCharacter(note)) errors[field] = "La note contient un caractère nul, qui n'est pas accepté.";
  else if (note.length > NOTE_MAX) errors[field] = `La note ne doit pas dépasser ${NOTE_MAX} caractères (elle en compte ${note.length}).`;
  return note.length > 0 ? note : null;
}

/**
 * "Épingler jusqu'au" as typed in a date field (YYYY-MM-DD): empty means no end; the pin ends at
 * the end of that day, Paris time. A date in the past, or not a date, is refused.
 */
export function parsePinUntil(value: string, now: Date, errors: FormErrors): Date | null {
  const text = value.trim();
  if (text === "") return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(`${text}T23:59:59+01:00`) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    errors.until = "Indiquez une date au format jj/mm/aaaa.";
    return null;
  }
  if (date.getTime() <= now.getTime()) {
    errors.until = "Cette date est déjà passée : choisissez une date à venir, ou laissez vide.";
    return null;
  }
  return date;
}

/** The version a form was built from; anything else reads as 0 (and is stale). */
export function parseVersion(value: string): number {
  return /^\d{1,9}$/.test(value) ? Number(value) : 0;
}

export type ThreadIntent = "pin" | "unpin" | "feature" | "unfeature" | "lock" | "unlock" | "unlist" | "relist" | "visibility";

const threadIntents: readonly ThreadIntent[] = ["pin", "unpin", "feature", "unfeature", "lock", "unlock", "unlist", "relist", "visibility"];

export function isThreadIntent(value: string): value is ThreadIntent {
  return (threadIntents as readonly string[]).includes(value);
}

export interface ThreadFormValues {
  reason: string;
  until: string;
  scope: string;
  confirm: string;
}

/** A thread moderation form's act, or its field errors. `scope` is "accueil" or a thématique id. */
export function parseThreadAct(
  intent: Exclude<ThreadIntent, "visibility">,
  values: ThreadFormValues,
  now: Date,
):
  | { ok: true; act: { kind: "pin"; until: Date | null; topicId: number | null } | { kind: "lock"; reason: string } | { kind: Exclude<ThreadIntent, "visibility" | "pin" | "lock"> } }
  | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  if (intent === "pin") {
    const until = parsePinUntil(values.until, now, errors);
    const topicId = values.scope === "accueil" || values.scope === "" ? null : /^\d{1,9}$/.test(values.scope) ? Number(values.scope) : -1;
    if (topicId === -1) errors.scope = "Choisissez où épingler le fil.";
    return Object.keys(errors).length ? { ok: false, errors } : { ok: true, act: { kind: "pin", until, topicId } };
  }
  if (intent === "lock") {
    const reason = checkReason(values.reason, errors);
    return Object.keys(errors).length ? { ok: false, errors } : { ok: true, act: { kind: "lock", reason } };
  }
  return { ok: true, act: { kind: intent } };
}

/** A post id from the URL: digits only, else null (the route answers 404). */
export function parsePostId(value: string | undefined): number | null {
  return value && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

/** The report form: a reason from the list and an optional note. */
export function parseReportForm(values: { reason: string; note: string }): { ok: true; reason: ReportReason; note: string | null } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  if (!isReportReason(values.reason)) errors.reason = "Choisissez la raison du signalement.";
  const note = checkNote(values.note, errors);
  if (Object.keys(errors).length > 0 || !isReportReason(values.reason)) return { ok: false, errors };
  return { ok: true, reason: values.reason, note };
}

/** The resolution form: what to do and a note (required; it becomes the reason shown when hiding or locking). */
export function parseResolutionForm(values: { resolution: string; note: string; reportIds: string[] }): { ok: true; resolution: ReportResolution; note: string; reportIds: number[] } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  if (!isResolution(values.resolution)) errors.resolution = "Choisissez comment traiter ces signalements.";
  const note = checkReason(values.note, errors, "note");
  const reportIds = values.reportIds.filter((v) => /^\d{1,9}$/.test(v)).map(Number);
  if (Object.keys(errors).length > 0 || !isResolution(values.resolution)) return { ok: false, errors };
  return { ok: true, resolution: values.resolution, note, reportIds };
}
