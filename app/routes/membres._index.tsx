import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requirePermission } from "~/auth/guards.server";
import { DirectoryFilters, DirectoryList, DirectoryPagination } from "~/components/members/directory";
import { getReadDb } from "~/db.server";
import { parseDirectoryFilter } from "~/members/directory-filter";
import { listDirectory } from "~/members/directory.server";
import { listCollectiviteChoices } from "~/members/member-list.server";

export const meta: MetaFunction = () => [{ title: "Annuaire des membres · OpenENT Échanges" }];

/** `/membres`: the member directory, for members only. Two queries per page. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "member.directory");
  const filter = parseDirectoryFilter(new URL(request.url).searchParams);
  if (!filter) throw new Response("Numéro de page invalide", { status: 400 });
  const db = await getReadDb(request);
  const [page, collectivites] = await Promise.all([listDirectory(db, filter), listCollectiviteChoices(db)]);
  return { filter, collectivites, ...page };
}

export default function MemberDirectory() {
  const { filter, collectivites, members, hasNext } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Annuaire des membres</h1>
      <p className="muted">Les membres actifs de l'espace d'échange, par ordre alphabétique.</p>
      <DirectoryFilters filter={filter} collectivites={collectivites} />
      <DirectoryList members={members} />
      <DirectoryPagination filter={filter} hasNext={hasNext} />
    </>
  );
}
