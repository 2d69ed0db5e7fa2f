import { hasNulCharacter } from "../lib/text-rules";

/** The profile part of `/compte`: the short bio and the "profil public" choice (client-safe). */

export const BIO_MAX = 1000;

export type ProfileErrors = Partial<Record<"bio", string>>;

export interface ProfileInput {
  /** Null when left empty. */
  bio: string | null;
  publicProfile: boolean;
}

export function parseProfileForm(values: { bio: string; publicProfile: boolean }):
  | { ok: true; input: ProfileInput }
  | { ok: false; errors: ProfileErrors } {
  const bio = values.bio.trim();
  const length = [...bio].length;
  if (hasNulCharacter(bio)) return { ok: false, errors: { bio: "La présentation contient un caractère nul, qui n'est pas accepté." } };
  if (length > BIO_MAX) {
    return {
      ok: false,
      errors: { bio: `La présentation ne doit pas dépasser ${BIO_MAX.toLocaleString("fr-FR")} caractères (${length.toLocaleString("fr-FR")} actuellement).` },
    };
  }
  return { ok: true, input: { bio: bio === "" ? null : bio, publicProfile: values.publicProfile } };
}
