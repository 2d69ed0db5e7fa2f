import { Link, useRouteLoaderData } from "@remix-run/react";

import type { loader as rootLoader } from "../../root";

/**
 * An author's name: a link to the profile for members, and for visitors only when the member made
 * their profile public; otherwise plain text (a visitor would only meet the sign-in page).
 */
export function AuthorName({ id, name, publicProfile }: { id: number; name: string; publicProfile?: boolean | undefined }) {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  if (root?.user || publicProfile) return <Link to={`/membres/${id}`}>{name}</Link>;
  return <span className="author-name">{name}</span>;
}
