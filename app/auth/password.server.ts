import { hash, verify } from "@node-rs/argon2";

/** Argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's recommended minimum). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash of a random password, so that an unknown address costs as much time as a wrong password.
const decoyHash = "$argon2id$v=19$m=19456,t=2,p=1$viUcKU5HLTKoGoK9dt60uQ$hit1geNyxQT0AHiToU2XBwQEteLBsiVvE7G52uposqQ";

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    const ok = await verify(passwordHash ?? decoyHash, password);
    return ok && passwordHash !== null;
  } catch {
    return false;
  }
}
