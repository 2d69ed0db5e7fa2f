import { parseArgs } from "node:util";

import { BackupError, describeTarget, restoreDatabase } from "../backup";
import { targetFromEnv } from "../client";
import { runTask } from "./task";

/**
 * `npm run db:restore -- --from FILE [--force]`: restores a backup made by `npm run db:backup`
 * into the configured database. Refuses a target that is not empty unless --force.
 */
await runTask(async () => {
  const { values } = parseArgs({ options: { from: { type: "string" }, force: { type: "boolean", default: false } }, strict: true });
  if (!values.from) throw new BackupError("Usage : npm run db:restore -- --from FICHIER [--force]");
  const target = targetFromEnv();
  const result = await restoreDatabase(target, values.from, { force: values.force });
  console.log(`${values.from} restaurée dans ${describeTarget(target)}${result.replaced ? " (contenu précédent remplacé)" : ""}.`);
  if (result.setAside) console.log(`L'ancien répertoire de données est conservé dans ${result.setAside} ; supprimez-le une fois la restauration vérifiée.`);
});
