/** A pragmatic address check: something@domain.tld, no spaces, at most 254 characters. */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(value);
}
