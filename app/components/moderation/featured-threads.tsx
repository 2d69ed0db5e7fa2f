import { Link } from "@remix-run/react";

import { threadPath } from "../../forum/slug";

/** "À la une": the short list of threads moderators feature above the home page's list. */
export function FeaturedThreads({ threads }: { threads: { id: number; slug: string; title: string }[] }) {
  if (threads.length === 0) return null;
  return (
    <section className="featured" aria-labelledby="a-la-une">
      <h2 id="a-la-une">À la une</h2>
      <ul>
        {threads.map((t) => (
          <li key={t.id}>
            <Link to={threadPath(t)}>{t.title}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
