// Module resolution hooks (they run on Node's loader thread), registered by record-imports.mjs.
import { appendFileSync } from "node:fs";
import process from "node:process";

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (process.env.IMPORT_LOG && result.url.includes("/@electric-sql/pglite/")) appendFileSync(process.env.IMPORT_LOG, `${result.url}\n`);
  return result;
}
