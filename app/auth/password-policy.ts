/**
 * Password rules, shared by every form that sets a password. Length does most of the work; a short
 * list catches the most common long passwords and their trivial variants.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const commonPasswords = new Set([
  "123456789012", "1234567890123", "12345678901234", "123456123456", "111111111111", "000000000000",
  "123123123123", "121212121212", "987654321098", "147258369147", "azertyuiop12", "azertyuiopqs",
  "azerty123456", "azertyazerty", "qwertyuiop12", "qwertyuiopas", "qwerty123456", "qwertyqwerty",
  "password1234", "password123!", "passwordpassword", "motdepasse12", "motdepasse123", "motdepasse!!",
  "motdepassemotdepasse", "iloveyou1234", "jetaime12345", "jetaimejetaime", "bonjour12345", "bonjourbonjour",
  "soleil123456", "doudou123456", "chouchou1234", "marseille123", "marseille1234", "portugal1234",
  "football1234", "abcdefghijkl", "abcdef123456", "abc123abc123", "changeme1234", "welcome12345",
  "administrateur", "administrator", "admin1234567", "openent12345", "openent123456", "lilie1234567",
  "letmein12345", "trustno12345", "superman1234", "princesse123", "nicolas12345", "camille12345",
  "motdepasse", "password", "azerty", "qwerty", "bonjour", "soleil", "jetaime", "openent", "marseille", "football",
  "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3", "a1b2c3d4e5f6", "aaaaaaaaaaaa", "azertyuiopqsdf",
]);

/** Lower-cased, accents removed, and the digits and symbols people tack on at the end dropped. */
function normalize(password: string): string {
  return password
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase();
}

export function isCommonPassword(password: string): boolean {
  const normalized = normalize(password);
  if (commonPasswords.has(normalized)) return true;
  const stem = normalized.replace(/[\d\W_]+$/u, "");
  return stem.length > 0 && stem !== normalized && commonPasswords.has(stem);
}

/** A French message explaining what is wrong with the password, or null when it is acceptable. */
export function passwordProblem(password: string, personal: { email?: string; displayName?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Le mot de passe doit contenir au moins ${MIN_PASSWORD_LENGTH} caractères.`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `Le mot de passe ne doit pas dépasser ${MAX_PASSWORD_LENGTH} caractères.`;
  }
  if (new Set(password).size < 4 || isCommonPassword(password)) {
    return "Ce mot de passe est trop courant. Choisissez-en un autre, par exemple une phrase de plusieurs mots.";
  }
  const lowered = normalize(password);
  const local = personal.email?.split("@")[0]?.toLowerCase();
  if ((local && local.length >= 4 && lowered.includes(local)) || (personal.displayName && lowered === normalize(personal.displayName))) {
    return "Le mot de passe ne doit pas reprendre votre adresse e-mail ou votre nom.";
  }
  return null;
}
