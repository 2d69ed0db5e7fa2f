import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useState } from "react";

import type { Role } from "../../db/schema";
import { can } from "../auth/permissions";
import { parseNotificationsEvent } from "../live/events";
import { clearDrafts, useDraftJanitor } from "./forum/drafts";
import { useLiveEvent } from "./live/live-stream";
import { HeaderSearch } from "./search/header-search";

export interface HeaderUser {
  id: number;
  displayName: string;
  role: Role;
}

const navigation = [
  { to: "/", label: "Fils", end: true },
  { to: "/collectivites", label: "Collectivités", end: false },
  { to: "/thematiques", label: "Thématiques", end: false },
  { to: "/gouvernance", label: "Gouvernance", end: false },
  { to: "/recherche", label: "Recherche", end: false },
];

export function SiteHeader({
  user,
  openReports = null,
  unreadNotifications = null,
}: {
  user: HeaderUser | null;
  openReports?: number | null;
  unreadNotifications?: number | null;
}) {
  useDraftJanitor(user?.id ?? null);
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
        <HeaderSearch />
        <div className="account-slot">
          <AccountMenu user={user} openReports={openReports} unreadNotifications={unreadNotifications} />
        </div>
      </div>
    </header>
  );
}

function AccountMenu({ user, openReports, unreadNotifications }: { user: HeaderUser | null; openReports: number | null; unreadNotifications: number | null }) {
  const location = useLocation();
  if (!user) {
    const back = `${location.pathname}${location.search}`;
    const href = back === "/" || back.startsWith("/connexion") ? "/connexion" : `/connexion?retour=${encodeURIComponent(back)}`;
    return (
      <Link to={href} className="site-header__signin">
        Se connecter
      </Link>
    );
  }
  const actor = { role: user.role, status: "active" as const };
  return (
    <nav aria-label="Mon compte">
      <ul className="account-menu">
        {openReports !== null ? (
          <li>
            <Link to="/moderation">
              Signalements <span className={openReports > 0 ? "badge" : "badge badge--muted"}>{openReports}</span>
              <span className="visually-hidden"> en attente</span>
            </Link>
          </li>
        ) : null}
        {unreadNotifications !== null ? (
          <li>
            <NotificationsLink unread={unreadNotifications} />
          </li>
        ) : null}
        {can(actor, "journal.read") ? (
          <li>
            <Link to="/moderation/journal">Journal</Link>
          </li>
        ) : null}
        {can(actor, "invitation.manage") ? (
          <li>
            <Link to="/admin/invitations">Invitations</Link>
          </li>
        ) : null}
        {can(actor, "user.manage") ? (
          <li>
            <Link to="/admin/membres">Membres</Link>
          </li>
        ) : null}
        {can(actor, "outbox.read") ? (
          <li>
            <Link to="/admin/courriels">Courriels</Link>
          </li>
        ) : null}
        {can(actor, "settings.manage") ? (
          <li>
            <Link to="/admin/parametres">Paramètres</Link>
          </li>
        ) : null}
        {can(actor, "member.directory") ? (
          <li>
            <Link to="/membres">Annuaire</Link>
          </li>
        ) : null}
        {can(actor, "post.bookmark") ? (
          <li>
            <Link to="/signets">Signets</Link>
          </li>
        ) : null}
        <li>
          <Link to="/compte">{user.displayName}</Link>
        </li>
        <li>
          <Form method="post" action="/deconnexion" className="inline-form" onSubmit={clearDrafts}>
            <button type="submit" className="link-button">
              Se déconnecter
            </button>
          </Form>
        </li>
      </ul>
    </nav>
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

/**
 * The header's link to /notifications with the unread count as served, kept current by the page's
 * live stream (a new notification, or notifications read in another tab). A navigation brings a
 * fresh count from the server, which wins.
 */
function NotificationsLink({ unread }: { unread: number }) {
  const { key } = useLocation();
  const [live, setLive] = useState<{ key: string; count: number } | null>(null);
  useLiveEvent("notifications", (raw) => {
    const count = parseNotificationsEvent(raw);
    if (count !== null) setLive({ key, count });
  });
  const count = live !== null && live.key === key ? live.count : unread;
  return (
    <Link to="/notifications" id="header-notifications" data-unread={count}>
      Notifications{" "}
      <span className={count > 0 ? "badge" : "badge badge--muted"} data-notification-count>
        {count}
      </span>
      <span className="visually-hidden"> non lues</span>
    </Link>
  );
}
