import { migrateToLatest } from "../migrate";
import { runWithDatabase } from "./run";

/** `npm run db:migrate`: brings the database to the latest migration. */
await runWithDatabase(async (handle) => {
  const { results = [] } = await migrateToLatest(handle.db);
  for (const r of results) console.log(`✔ ${r.migrationName}`);
  console.log(
    results.length ? `${results.length} migration(s) appliquée(s) sur ${handle.label}` : `Déjà à jour : ${handle.label}`,
  );
});
