import type { Kysely } from "kysely";

import type { Database, NewCollectivite, NewTopic } from "./schema";

/**
 * Demo content. The collectivités are the ones the 2014 article on OpenENT names, with only the
 * facts it states; every other field stays empty rather than invented.
 */
export const demoCollectivites: NewCollectivite[] = [
  {
    slug: "ile-de-france",
    name: "Île-de-France",
    kind: "region",
    ent_name: "Lilie",
    launch_date: "2009",
    integrator: "Logica (devenu CGI), Fylab, Axess-OMT",
    description:
      "Région à l'origine de la solution libre, lancée en 2009 sous le nom de Lilie et développée à son initiative.",
  },
  {
    slug: "haute-normandie",
    name: "Haute-Normandie",
    kind: "region",
    phase: "pilote",
    description: "A choisi de commencer par une phase pilote dans un nombre limité d'établissements.",
  },
  {
    slug: "seine-maritime",
    name: "Seine-Maritime",
    kind: "departement",
    phase: "pilote",
    description: "A choisi de commencer par une phase pilote dans un nombre limité de collèges.",
  },
  {
    slug: "seine-et-marne",
    name: "Seine-et-Marne",
    kind: "departement",
    phase: "pilote",
    description: "A choisi de commencer par une phase pilote dans un nombre limité de collèges.",
  },
  {
    slug: "ville-de-paris",
    name: "Ville de Paris",
    kind: "commune",
    description:
      "Membre du groupe de collectivités chargé d'élaborer les statuts de l'association qui porte le projet OpenENT.",
  },
];

export const demoTopics: NewTopic[] = [
  { slug: "gouvernance", name: "Gouvernance", description: "Statuts, règles de l'association et décisions communes." },
  { slug: "socle-technique", name: "Socle technique", description: "Le cœur commun de la solution sur lequel s'appuient les intégrateurs." },
  { slug: "deploiement", name: "Déploiement", description: "Mise en service dans les établissements, calendrier, généralisation." },
  { slug: "formation", name: "Formation", description: "Accompagnement des enseignants, des personnels et des familles." },
  { slug: "financement", name: "Financement", description: "Budgets, répartition des dépenses mutualisées, marchés publics." },
  { slug: "accessibilite", name: "Accessibilité", description: "Accès de tous les publics aux services de l'ENT (RGAA)." },
  { slug: "pilotes", name: "Pilotes", description: "Phases pilotes dans un nombre limité de collèges ou de lycées." },
  { slug: "integrateurs", name: "Intégrateurs", description: "Relations avec les sociétés qui intègrent et hébergent la solution." },
  { slug: "logiciel-libre", name: "Logiciel libre", description: "Licence, contributions et mutualisation des évolutions." },
  { slug: "services-numeriques", name: "Services numériques", description: "Messagerie, cahier de textes, ressources et autres services de l'ENT." },
];

/** Idempotent: rows that already exist (by slug) are left as they are. */
export async function seedDemo(db: Kysely<Database>): Promise<{ collectivites: number; topics: number }> {
  const collectivites = await db
    .insertInto("collectivite")
    .values(demoCollectivites)
    .onConflict((oc) => oc.column("slug").doNothing())
    .executeTakeFirst();
  const topics = await db
    .insertInto("topic")
    .values(demoTopics)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return {
    collectivites: Number(collectivites.numInsertedOrUpdatedRows ?? 0),
    topics: Number(topics.numInsertedOrUpdatedRows ?? 0),
  };
}

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("collectivite").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return row.n === 0;
}
