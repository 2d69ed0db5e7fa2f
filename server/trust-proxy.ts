import { isIP } from "node:net";

import { ConfigError } from "./origin";

/**
 * TRUST_PROXY, parsed into a value Express's `trust proxy` reads as meant. Express takes the string
 * "1" for the address 0.0.0.1 (so `TRUST_PROXY=1` trusted nothing); here a whole number is a hop
 * count. Accepted: `true`/`false`, a hop count, and a comma-separated list of the names `loopback`,
 * `linklocal`, `uniquelocal`, IP addresses and subnets (`10.0.0.0/8`, `fd00::/8`, `10.0.0.0/255.0.0.0`).
 * Anything else stops start-up: a typo must not silently trust nobody, or everybody.
 */
export type TrustProxySetting = boolean | number | string[];

const NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

export function parseTrustProxy(raw: string | undefined): TrustProxySetting | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  const lower = value.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  if (/^\d{1,3}$/.test(value)) return Number(value);
  const items = value.split(",").map((item) => item.trim());
  for (const item of items) {
    if (!isTrustEntry(item)) {
      throw new ConfigError(
        `TRUST_PROXY invalide / invalid: "${item || value}" (attendu / expected: un nombre de relais / a hop count, ` +
          "true, false, loopback, linklocal, uniquelocal, des adresses IP ou des sous-réseaux / IP addresses or subnets, " +
          "séparés par des virgules / comma-separated)",
      );
    }
  }
  return items.map((item) => (NAMES.has(item.toLowerCase()) ? item.toLowerCase() : item));
}

function isTrustEntry(item: string): boolean {
  if (NAMES.has(item.toLowerCase())) return true;
  const slash = item.indexOf("/");
  if (slash === -1) return isIP(item) !== 0;
  const [address, range] = [item.slice(0, slash), item.slice(slash + 1)];
  const family = isIP(address);
  if (family === 0) return false;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4 && isContiguousMask(range);
}

function isContiguousMask(mask: string): boolean {
  const bits = mask
    .split(".")
    .map((octet) => Number(octet).toString(2).padStart(8, "0"))
    .join("");
  return /^1*0*$/.test(bits);
}
