import type { Kysely } from "kysely";

import { createReply } from "../app/forum/posts.server";
import { reportTemplate } from "../app/forum/kinds";
import { createThread } from "../app/forum/threads.server";
import type { ThreadInput } from "../app/forum/validation";
import { demoAccounts } from "./demo-accounts";
import type { Database, ThreadKind } from "./schema";

/**
 * Demo threads for the embedded demo database: fictitious examples, said to be so in every thread,
 * so that nothing reads as a real fact about a real collectivité.
 */

const notice = "*Fil de démonstration : son contenu est fictif et ne décrit pas la situation réelle d'une collectivité.*\n\n";

interface DemoThread {
  title: string;
  kind: ThreadKind;
  author: "delegate" | "moderator" | "admin";
  collectivites: string[];
  topics: string[];
  body: string;
  report?: { collectivite: string; establishments: number; periodStart: string; periodEnd: string };
  replies: { author: "delegate" | "moderator" | "observer" | "admin"; body: string }[];
  public?: boolean;
}

const threads: DemoThread[] = [
  {
    title: "Exemple : former les référents numériques avant la rentrée",
    kind: "retour",
    author: "delegate",
    collectivites: ["ile-de-france"],
    topics: ["formation", "deploiement"],
    body: reportTemplate
      .replace("Quelle situation, quels établissements, quels acteurs ?", "Un déploiement fictif dans une trentaine de lycées, avec un référent par établissement.")
      .replace("Ce qui a été fait, dans quel ordre, avec quels moyens.", "- Deux demi-journées de formation en juin\n- Un guide pas à pas\n- Une permanence téléphonique la première semaine")
      .replace("Ce qui a été obtenu, chiffres à l'appui si possible.", "| Indicateur | Valeur |\n|---|---|\n| Référents formés | 28 sur 30 |\n| Appels la 1re semaine | 41 |")
      .replace("Ce que vous referiez, ce que vous éviteriez, vos conseils aux autres collectivités.", "Former **avant** l'été, pas pendant la rentrée."),
    report: { collectivite: "ile-de-france", establishments: 30, periodStart: "2025-06", periodEnd: "2025-10" },
    replies: [
      { author: "moderator", body: "Merci pour ce retour. Le guide pas à pas peut-il être partagé avec les autres collectivités ?" },
      { author: "delegate", body: "Oui, nous le déposerons dans un prochain message une fois relu." },
    ],
    public: true,
  },
  {
    title: "Exemple : phase pilote dans un petit nombre de collèges",
    kind: "retour",
    author: "moderator",
    collectivites: ["seine-maritime", "seine-et-marne"],
    topics: ["pilotes", "deploiement"],
    body: reportTemplate,
    report: { collectivite: "seine-et-marne", establishments: 12, periodStart: "2024-09", periodEnd: "2025-06" },
    replies: [{ author: "delegate", body: "Combien de temps a duré la phase pilote avant la décision de généraliser ?" }],
  },
  {
    title: "Question : comment répartir les coûts des évolutions communes ?",
    kind: "question",
    author: "delegate",
    collectivites: ["ile-de-france", "haute-normandie"],
    topics: ["financement", "gouvernance"],
    body: "Quand une évolution profite à toutes les collectivités, quelle clé de répartition appliquez-vous : nombre d'établissements, population scolaire, part égale ?",
    replies: [
      { author: "moderator", body: "Le groupe de travail sur les statuts examine justement ce point. Une proposition sera publiée dans la thématique Gouvernance." },
    ],
  },
  {
    title: "Question : accessibilité du cahier de textes pour les élèves malvoyants",
    kind: "question",
    author: "delegate",
    collectivites: ["ile-de-france"],
    topics: ["accessibilite", "services-numeriques"],
    body: "Avez-vous fait auditer le cahier de textes selon le RGAA ? Quels défauts revenaient le plus souvent ?",
    replies: [],
  },
  {
    title: "Discussion : stabiliser le socle technique commun",
    kind: "discussion",
    author: "moderator",
    collectivites: ["ville-de-paris", "ile-de-france"],
    topics: ["socle-technique", "integrateurs"],
    body: "Les intégrateurs s'appuient tous sur le même socle. Quelles règles se donner pour que les évolutions locales n'en éloignent pas ?",
    replies: [
      { author: "delegate", body: "Une revue commune des évolutions avant intégration, avec un calendrier partagé ?" },
      { author: "admin", body: "Proposition notée pour la prochaine réunion du groupe de gouvernance." },
    ],
    public: true,
  },
  {
    title: "Discussion : partager les supports de formation des familles",
    kind: "discussion",
    author: "delegate",
    collectivites: ["haute-normandie"],
    topics: ["formation"],
    body: "Qui dispose de supports pour présenter l'ENT aux familles lors des réunions de rentrée ?",
    replies: [],
  },
  {
    title: "Gouvernance : proposition d'article sur l'adhésion à l'association",
    kind: "gouvernance",
    author: "moderator",
    collectivites: ["ville-de-paris"],
    topics: ["gouvernance", "logiciel-libre"],
    body: "## Proposition\n\nL'association est ouverte à toute collectivité qui accepte de mutualiser les évolutions de la solution sous licence libre.\n\n## Points à trancher\n\n1. Cotisation forfaitaire ou proportionnelle ?\n2. Place des intégrateurs dans les instances ?",
    replies: [{ author: "delegate", body: "Pour le point 2 : un collège consultatif des intégrateurs, sans droit de vote ?" }],
  },
  {
    title: "Gouvernance : calendrier de rédaction des statuts",
    kind: "gouvernance",
    author: "admin",
    collectivites: ["ville-de-paris", "ile-de-france"],
    topics: ["gouvernance"],
    body: "Calendrier proposé pour la rédaction des statuts : première lecture, amendements, puis vote en assemblée.",
    replies: [],
  },
];

export async function seedDemoForum(db: Kysely<Database>): Promise<number> {
  const existing = await db.selectFrom("thread").select("id").limit(1).executeTakeFirst();
  if (existing) return 0;
  const users = await db.selectFrom("app_user").select(["id", "email", "role", "status"]).where("email", "in", demoAccounts.map((a) => a.email)).execute();
  const byRole = (role: string) => {
    const email = demoAccounts.find((a) => a.role === role)?.email;
    const user = users.find((u) => u.email === email);
    if (!user) throw new Error(`compte de démonstration manquant : ${role}`);
    return user;
  };
  const collectivites = await db.selectFrom("collectivite").select(["id", "slug"]).execute();
  const topics = await db.selectFrom("topic").select(["id", "slug"]).execute();
  const idsOf = (rows: { id: number; slug: string }[], slugs: string[]) => slugs.map((s) => rows.find((r) => r.slug === s)!.id);

  for (const demo of threads) {
    const author = byRole(demo.author);
    const input: ThreadInput = {
      title: demo.title,
      kind: demo.kind,
      body: notice + demo.body,
      collectiviteIds: idsOf(collectivites, demo.collectivites),
      topicIds: idsOf(topics, demo.topics),
      report: demo.report
        ? {
            collectiviteId: idsOf(collectivites, [demo.report.collectivite])[0]!,
            establishments: demo.report.establishments,
            periodStart: demo.report.periodStart,
            periodEnd: demo.report.periodEnd,
          }
        : null,
    };
    const created = await createThread(db, author, input);
    if (!created.ok) throw new Error(`fil de démonstration refusé : ${JSON.stringify(created.errors)}`);
    for (const reply of demo.replies) {
      const replier = byRole(reply.author === "observer" ? "delegate" : reply.author);
      await createReply(db, replier, created.id, reply.body);
    }
    if (demo.public) await db.updateTable("thread").set({ visibility: "public" }).where("id", "=", created.id).execute();
  }
  return threads.length;
}
