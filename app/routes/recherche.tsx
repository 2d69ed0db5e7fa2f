import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { SearchForm } from "~/components/search/search-form";
import { ActiveFilters, NoResults, SearchHelp, SearchNotices, SearchResults, resultCount } from "~/components/search/search-results";
import { getReadDb } from "~/db.server";
import { readSearchRequest, searchHref } from "~/search/search-params";
import { loadSearchPage } from "~/search/search-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const title = !data || !data.q ? "Recherche" : `${data.q} : ${data.state === "results" ? resultCount(data.total, data.capped) : "recherche"}`;
  return [{ title: `${title} · OpenENT Échanges` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const search = readSearchRequest(new URL(request.url).searchParams);
  const page = await loadSearchPage(await getReadDb(request), user, search);
  // Beyond the last page of results (`?page=9999`): the last page.
  if (page.state === "results" && page.page > Math.max(1, page.pageCount)) {
    throw redirect(searchHref(page.q, { sort: page.sort, page: Math.max(1, page.pageCount) }));
  }
  return { ...page, signedIn: user !== null };
}

export default function SearchPage() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1>Recherche</h1>
      {data.signedIn ? null : (
        <p className="muted">
          Vous cherchez dans les fils ouverts au public. <Link to={`/connexion?retour=${encodeURIComponent(location.pathname + location.search)}`}>Connectez-vous</Link>{" "}
          pour chercher dans tous les échanges des membres.
        </p>
      )}
      <SearchForm key={`${data.q}|${data.sort}`} q={data.q} shownFilters={data.shownFilters} sort={data.sort} choices={data.choices} />
      <SearchNotices notices={data.notices} />
      {data.state === "results" ? (
        <>
          {data.total > 0 ? <ActiveFilters filters={data.active} /> : null}
          {data.total === 0 ? (
            <NoResults q={data.q} didYouMean={data.didYouMean} similarTitles={data.similarTitles} active={data.active} />
          ) : (
            <SearchResults
              hits={data.hits}
              total={data.total}
              capped={data.capped}
              window={data.window}
              q={data.q}
              sort={data.sort}
              page={data.page}
              pageCount={data.pageCount}
            />
          )}
        </>
      ) : (
        <SearchHelp />
      )}
    </>
  );
}
