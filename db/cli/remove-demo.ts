import { removeDemo } from "../demo";
import { migrateToLatest } from "../migrate";
import { runWithDatabase } from "./run";

/**
 * `npm run demo:remove`: removes the demo accounts (published passwords) and the demo threads from
 * the configured database, and records that the demo must never be seeded again. Stop the server
 * first when it uses the embedded database (one process at a time). Running it twice is harmless.
 */
await runWithDatabase(async (handle) => {
  await migrateToLatest(handle.db);
  const removed = await removeDemo(handle.db);
  console.log(
    `Démonstration retirée de ${handle.label} : ${removed.deleted} compte(s) supprimé(s), ` +
      `${removed.retired} compte(s) désactivé(s) (encore cités ailleurs), ${removed.threads} fil(s) supprimé(s). ` +
      "Elle ne sera plus recréée au démarrage.",
  );
});
