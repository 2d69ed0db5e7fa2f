import type { LoaderFunctionArgs } from "@remix-run/node";

import { getUser } from "~/auth/guards.server";
import { getReadDb } from "~/db.server";
import { parseRegisterQuery } from "~/governance/register-query";
import { listRegister, registerCsv } from "~/governance/register.server";
import { publicOrigin } from "~/lib/origin.server";

/** `/gouvernance/registre.csv`: the register as this viewer sees it, with the page's filters. */
export async function loader({ request }: LoaderFunctionArgs) {
  const filters = parseRegisterQuery(new URL(request.url).searchParams);
  const db = await getReadDb(request);
  const entries = await listRegister(db, await getUser(request), { ...filters, status: null });
  return new Response(registerCsv(entries, publicOrigin()), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="registre-des-decisions.csv"',
      "X-Content-Type-Options": "nosniff",
    },
  });
}
