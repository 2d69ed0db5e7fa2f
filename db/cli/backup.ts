import { parseArgs } from "node:util";

import { backupDatabase, defaultBackupPath, describeTarget } from "../backup";
import { targetFromEnv } from "../client";
import { runTask } from "./task";

/**
 * `npm run db:backup -- [--out FILE]`: backs up the configured database (DATABASE_URL, else the
 * embedded DATA_DIR) into FILE, by default `backups/openent-<mode>-<UTC time>.<ext>`.
 */
await runTask(async () => {
  const { values } = parseArgs({ options: { out: { type: "string" } }, strict: true });
  const target = targetFromEnv();
  const out = values.out ?? defaultBackupPath(target);
  const started = performance.now();
  await backupDatabase(target, out);
  console.log(`Sauvegarde de ${describeTarget(target)} écrite dans ${out} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
});
