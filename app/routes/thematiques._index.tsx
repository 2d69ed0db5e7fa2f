import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { cachedForVisitors } from "~/cache/page-cache";
import { getReadDb } from "~/db.server";
import { plural } from "~/lib/format";
import { listTopics } from "~/topics/topics.server";

export const handle = cachedForVisitors();

export const meta: MetaFunction = () => [{ title: "Thématiques · OpenENT Échanges" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { topics: await listTopics(await getReadDb(request)), canCreate: can(await getUser(request), "topic.manage") };
}

export default function Topics() {
  const { topics, canCreate } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Thématiques</h1>
      <p className="lead">Les sujets autour desquels les fils d'échange sont rangés ({plural(topics.length, "thématique")}).</p>
      {canCreate ? (
        <p>
          <Link to="/thematiques/nouvelle">Nouvelle thématique</Link>
        </p>
      ) : null}
      <ul className="cards">
        {topics.map((topic) => (
          <li key={topic.id} className="card">
            <h2>
              <Link to={`/thematiques/${topic.slug}`}>{topic.name}</Link>
            </h2>
            {topic.description ? <p>{topic.description}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
