/** Any address no other route claims: the root ErrorBoundary renders the French 404 page. */
export function loader() {
  throw new Response("Page introuvable", { status: 404 });
}

export default function NotFound() {
  return null;
}
