import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";

import { getSessionState } from "./auth/guards.server";
import { SiteFooter, SiteHeader } from "./components/layout";
import { LiveStreamProvider, useLiveThreadId } from "./components/live/live-stream";
import { MemberNotices } from "./components/moderation/member-notices";
import { MemberWarnings } from "./components/moderation/member-warnings";
import { getDb } from "./db.server";
import { loadModerationHeader } from "./moderation/header.server";
import { can } from "./auth/permissions";
import { pageStreamUrl } from "./live/events";
import { unreadNotificationCount } from "./notifications/notifications.server";
import { useNonce } from "./components/nonce";
import styles from "./styles/app.css";
import { skipRevalidationAfterPreview } from "~/forum/preview-revalidation";


export const shouldRevalidate = skipRevalidationAfterPreview;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: "OpenENT Échanges" }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return [{ title: `${errorTitles[status] ?? errorTitles[500]} · OpenENT Échanges` }];
};

const errorTitles: Record<number, string> = {
  400: "Requête invalide",
  403: "Accès refusé",
  404: "Page introuvable",
  410: "Page supprimée",
  500: "Une erreur est survenue",
};

/** The signed-in member as every page may show it (never the e-mail or anything secret). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { session, setCookie } = await getSessionState(request);
  const user = session
    ? { id: session.user.id, displayName: session.user.displayName, role: session.user.role }
    : null;
  const db = await getDb();
  const [moderation, unreadNotifications] = await Promise.all([
    loadModerationHeader(db, session ? session.user : null),
    session && can(session.user, "notifications.read") ? unreadNotificationCount(db, session.user.id) : null,
  ]);
  return data({ user, ...moderation, unreadNotifications }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const rootData = useRouteLoaderData<typeof loader>("root");
  const liveThreadId = useLiveThreadId();
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <LiveStreamProvider url={pageStreamUrl(Boolean(rootData?.user), liveThreadId)}>
        <a className="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <SiteHeader
          user={rootData?.user ?? null}
          openReports={rootData?.openReports ?? null}
          unreadNotifications={rootData?.unreadNotifications ?? null}
        />
        <main id="contenu" tabIndex={-1}>
          <MemberWarnings warnings={rootData?.warnings ?? []} />
          <MemberNotices notices={rootData?.notices ?? []} />
          {children}
        </main>
        <SiteFooter />
        </LiveStreamProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <ErrorPage title={errorTitles[404]!}>
        <p>L'adresse demandée ne correspond à aucune page. Elle a peut-être été déplacée ou supprimée.</p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 410) {
    return (
      <ErrorPage title={errorTitles[410]!}>
        <p>{typeof error.data === "string" && error.data ? error.data : "Ce contenu a été supprimé."}</p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 400) {
    return (
      <ErrorPage title={errorTitles[400]!}>
        <p>L'adresse ou le formulaire contient des valeurs que le site ne sait pas lire. Vérifiez le lien ou revenez à la page précédente.</p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <ErrorPage title={errorTitles[403]!}>
        <p>Vous n'avez pas les droits nécessaires pour afficher cette page.</p>
        {/* A refusal that explains itself (e.g. someone else's post: docs/moderation.md). */}
        {typeof error.data === "string" && error.data && error.data !== "Accès refusé" ? <p>{error.data}</p> : null}
      </ErrorPage>
    );
  }
  // The details of other errors stay in the server logs: production never shows a stack trace.
  return (
    <ErrorPage title={errorTitles[500]!}>
      <p>Le service a rencontré un problème inattendu. Réessayez dans quelques instants.</p>
    </ErrorPage>
  );
}

function ErrorPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      {children}
      <p>
        <a href="/">Retour à l'accueil</a>
      </p>
    </section>
  );
}
