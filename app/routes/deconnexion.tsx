import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";

import { clearDrafts } from "~/components/forum/drafts";
import { getSessionState, isSecureRequest } from "~/auth/guards.server";
import { blankSessionCookie, endSession } from "~/auth/session.server";
import { database } from "~/db.server";

export const meta: MetaFunction = () => [{ title: "Déconnexion · OpenENT Échanges" }];

/** Signing out changes state, so it takes a POST; a GET only shows the button (no sign-out by link). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await getSessionState(request);
  if (!session) throw redirect("/");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await getSessionState(request);
  const { pool } = await database();
  const secure = isSecureRequest(request);
  const cookie = session ? await endSession(pool, session.id, secure) : blankSessionCookie(pool, secure);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export default function SignOut() {
  return (
    <>
      <h1>Déconnexion</h1>
      <Form method="post" onSubmit={clearDrafts}>
        <button type="submit" className="button">
          Se déconnecter
        </button>
      </Form>
    </>
  );
}
