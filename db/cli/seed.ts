import { migrateToLatest } from "../migrate";
import { seedDemo } from "../seed";
import { runWithDatabase } from "./run";

/** `npm run db:seed`: adds the demo content to any database; running it twice adds nothing. */
await runWithDatabase(async (handle) => {
  await migrateToLatest(handle.db);
  const added = await seedDemo(handle.db);
  console.log(
    `Démonstration : ${added.collectivites} collectivité(s), ${added.topics} thématique(s) ajoutée(s) sur ${handle.label}`,
  );
});
