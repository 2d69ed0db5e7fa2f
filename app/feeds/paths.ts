/** Where the Atom feeds live (client-safe: pages name them in `<link rel="alternate">`). */
export const feedPaths = {
  latest: "/flux/fils.atom",
  topic: (slug: string) => `/flux/thematiques/${slug}.atom`,
  collectivite: (slug: string) => `/flux/collectivites/${slug}.atom`,
  thread: (thread: { id: number; slug: string }) => `/flux/fils/${thread.id}-${thread.slug}.atom`,
  personal: (token: string) => `/flux/personnel/${token}.atom`,
  register: "/flux/decisions.atom",
};

/** A Remix meta descriptor that lets browsers and feed readers discover a page's feed. */
export function feedLinkDescriptor(href: string, title: string) {
  return { tagName: "link", rel: "alternate", type: "application/atom+xml", href, title } as const;
}
