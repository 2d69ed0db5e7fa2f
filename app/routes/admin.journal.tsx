import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

/** The journal moved to /moderation/journal (moderators read it too); old links keep working. */
export function loader({ request }: LoaderFunctionArgs) {
  return redirect(`/moderation/journal${new URL(request.url).search}`, 301);
}
