import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

import type { Role } from "../../db/schema";
import { can, type Action } from "../auth/permissions";
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

/** The account menu's links, in this order, each shown to the roles its permission allows. */
const accountLinks: { to: string; label: string; permission: Action }[] = [
  { to: "/membres", label: "Annuaire", permission: "member.directory" },
  { to: "/signets", label: "Signets", permission: "post.bookmark" },
  { to: "/brouillons", label: "Brouillons", permission: "post.draft" },
  { to: "/moderation/journal", label: "Journal", permission: "journal.read" },
  { to: "/admin/invitations", label: "Invitations", permission: "invitation.manage" },
  { to: "/admin/membres", label: "Membres", permission: "user.manage" },
  { to: "/admin/courriels", label: "Courriels", permission: "outbox.read" },
  { to: "/admin/parametres", label: "Paramètres", permission: "settings.manage" },
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
    <nav aria-label="Mon compte" className="account-nav">
      <ul className="account-menu account-menu--primary">
        {openReports !== null ? (
          <li className="account-menu__reports">
            <ReportsLink open={openReports} />
          </li>
        ) : null}
        {unreadNotifications !== null ? (
          <li>
            <NotificationsLink unread={unreadNotifications} />
          </li>
        ) : null}
      </ul>
      <AccountDetails label={user.displayName}>
        <ul className="account-menu account-menu--more">
          {openReports !== null ? (
            <li className="account-menu__reports-copy">
              <ReportsLink open={openReports} />
            </li>
          ) : null}
          {accountLinks
            .filter((link) => can(actor, link.permission))
            .map((link) => (
              <li key={link.to}>
                <Link to={link.to}>{link.label}</Link>
              </li>
            ))}
          <li>
            <Link to="/compte">
              {user.displayName} (mon compte)
            </Link>
          </li>
          <li>
            <Form method="post" action="/deconnexion" className="inline-form" onSubmit={clearDrafts}>
              <button type="submit" className="link-button">
                Se déconnecter
              </button>
            </Form>
          </li>
        </ul>
      </AccountDetails>
    </nav>
  );
}

/**
 * The member's links behind a menu button: a `<details>`, so it opens and closes without
 * JavaScript; with it, the menu closes again on navigation and with Escape.
 */
function AccountDetails({ label, children }: { label: string; children: ReactNode }) {
  const details = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (details.current) details.current.open = false;
  }, [location.key]);
  function onKeyDown(event: KeyboardEvent<HTMLDetailsElement>) {
    if (event.key !== "Escape" || !details.current?.open) return;
    details.current.open = false;
    details.current.querySelector("summary")?.focus();
  }
  return (
    <details ref={details} className="account-details" onKeyDown={onKeyDown}>
      <summary className="account-details__toggle">
        Menu<span className="visually-hidden"> du compte de {label}</span>
      </summary>
      {children}
    </details>
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
/** The moderators' queue with its count (in the bar, and again in the menu where the bar hides it). */
function ReportsLink({ open }: { open: number }) {
  return (
    <Link to="/moderation">
      Signalements <span className={open > 0 ? "badge" : "badge badge--muted"}>{open}</span>
      <span className="visually-hidden"> en attente</span>
    </Link>
  );
}

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
