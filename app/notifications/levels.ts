import type { EmailFrequency, WatchLevel } from "../../db/schema";

/** Client-safe words of watching and notification preferences. */

export const watchLevels: readonly WatchLevel[] = ["watching", "normal", "ignoring"];

export const watchLevelLabels: Record<WatchLevel, string> = {
  watching: "Suivre",
  normal: "Normal",
  ignoring: "Ignorer",
};

export const watchLevelHints: Record<WatchLevel, string> = {
  watching: "une notification pour chaque nouveau message",
  normal: "seulement les réponses, citations et mentions qui vous concernent",
  ignoring: "aucune notification, et le fil disparaît de vos listes",
};

export function isWatchLevel(value: string): value is WatchLevel {
  return (watchLevels as readonly string[]).includes(value);
}

export type WatchTarget = "thread" | "topic" | "collectivite";

/** How the watch form names its target (`cible=`), French like the URLs. */
export const watchTargetParams: Record<string, WatchTarget> = { fil: "thread", thematique: "topic", collectivite: "collectivite" };

export const emailFrequencies: readonly EmailFrequency[] = ["immediate", "daily", "weekly", "never"];

export const emailFrequencyLabels: Record<EmailFrequency, string> = {
  immediate: "Immédiatement",
  daily: "Résumé quotidien",
  weekly: "Résumé hebdomadaire",
  never: "Jamais",
};

export function isEmailFrequency(value: string): value is EmailFrequency {
  return (emailFrequencies as readonly string[]).includes(value);
}

export interface NotificationPreferences {
  watchOwnThreads: boolean;
  watchRepliedThreads: boolean;
  emailFrequency: EmailFrequency;
  emailDirectOnly: boolean;
}

/** What a member without a preference row gets. */
export const defaultPreferences: NotificationPreferences = {
  watchOwnThreads: true,
  watchRepliedThreads: true,
  emailFrequency: "daily",
  emailDirectOnly: false,
};
