import { Link, NavLink } from "@remix-run/react";

const navigation = [
  { to: "/", label: "Fils", end: true },
  { to: "/collectivites", label: "Collectivités", end: false },
  { to: "/thematiques", label: "Thématiques", end: false },
];

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-title">
          OpenENT <span>Échanges</span>
        </Link>
        <nav aria-label="Navigation principale">
          <ul className="main-nav">
            {navigation.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account-slot" />
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <p>
        OpenENT Échanges — l'espace d'échange des collectivités qui partagent la solution libre d'espace numérique
        de travail OpenENT.
      </p>
    </footer>
  );
}
