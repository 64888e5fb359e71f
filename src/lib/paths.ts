/**
 * Every URL in Dispatch is built here: links, the route tree, prerendering and tests use it.
 * URLs are a public contract; once a pattern ships, it keeps working.
 */
export const paths = {
  home: {
    pattern: '/',
    build: () => '/',
  },
  article: {
    pattern: '/articles/:slug',
    build: (slug: string) => `/articles/${encodeURIComponent(slug)}`,
  },
  /** A section of an article, as a fragment of the article's URL: the in-page form. */
  articleSection: {
    build: (slug: string, sectionId: string) =>
      `/articles/${encodeURIComponent(slug)}#${encodeURIComponent(sectionId)}`,
  },
  /** A section's own page, for sharing: prerendered with the section's head tags. */
  sectionShare: {
    pattern: '/articles/:slug/sections/:sectionId',
    build: (slug: string, sectionId: string) =>
      `/articles/${encodeURIComponent(slug)}/sections/${encodeURIComponent(sectionId)}`,
  },
  saved: {
    pattern: '/saved',
    build: () => '/saved',
  },
} as const;
