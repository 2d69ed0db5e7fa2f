import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [
  { title: "OpenENT Échanges" },
  { name: "description", content: "L'espace d'échange des collectivités qui partagent la solution OpenENT." },
];

export default function Home() {
  return (
    <>
      <h1>OpenENT Échanges</h1>
      <p className="lead">
        Régions, départements et communes partagent une même solution libre d'espace numérique de travail pour leurs
        collèges et lycées. Cet espace leur permet de partager leurs retours d'expérience, de retrouver ce qui a déjà
        été dit et de construire ensemble la gouvernance du projet.
      </p>
      <ul className="cards">
        <li className="card">
          <h2>
            <Link to="/collectivites">Le tableau des ENT</Link>
          </h2>
          <p>Les collectivités engagées, leur ENT, leur nombre d'établissements, leur date de lancement et leur phase.</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/thematiques">Les thématiques</Link>
          </h2>
          <p>Gouvernance, socle technique, déploiement, formation, financement, accessibilité et autres sujets d'échange.</p>
        </li>
      </ul>
    </>
  );
}
