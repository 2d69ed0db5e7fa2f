import { isEmailFrequency, type NotificationPreferences } from "./levels";

export type PreferenceErrors = Partial<Record<"emailFrequency", string>>;

/**
 * Reads the notification preferences form (client-safe). Checkboxes send "oui" when ticked;
 * an unknown frequency gets a French message next to the field.
 */
export function parsePreferencesForm(
  get: (name: string) => string,
): { ok: true; value: NotificationPreferences } | { ok: false; errors: PreferenceErrors; value: NotificationPreferences } {
  const frequency = get("emailFrequency");
  const value: NotificationPreferences = {
    watchOwnThreads: get("watchOwnThreads") === "oui",
    watchRepliedThreads: get("watchRepliedThreads") === "oui",
    emailFrequency: isEmailFrequency(frequency) ? frequency : "daily",
    emailDirectOnly: get("emailDirectOnly") === "oui",
  };
  if (!isEmailFrequency(frequency)) return { ok: false, errors: { emailFrequency: "Choisissez une fréquence parmi celles proposées." }, value };
  return { ok: true, value };
}
