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
  saved: {
    pattern: '/saved',
    build: () => '/saved',
  },
} as const;
