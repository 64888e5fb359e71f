/**
 * Every URL in Dispatch is built here: links, the route tree, prerendering and tests use it.
 * URLs are a public contract; once a pattern ships, it keeps working. The links into an
 * article's text (a quotation in context, a passage, a highlight), which only on-demand code
 * makes, are built beside it, in `fragment-paths.ts`: this module is part of every first load.
 */
export const paths = {
  home: {
    pattern: '/',
    build: () => '/',
  },
  /** The edition's story list, page by page; page 1 is the front page. */
  editionPage: {
    pattern: '/page/:page',
    build: (page: number) => (page <= 1 ? '/' : `/page/${page}`),
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
  /** The DOM id of a section's heading (the section element has the section's id). */
  sectionHeading: {
    elementId: (sectionId: string) => `${sectionId}-heading`,
    sectionId: (elementId: string) => elementId.replace(/-heading$/, ''),
  },
  /** A section's own page, for sharing: prerendered with the section's head tags. */
  sectionShare: {
    pattern: '/articles/:slug/sections/:sectionId',
    build: (slug: string, sectionId: string) =>
      `/articles/${encodeURIComponent(slug)}/sections/${encodeURIComponent(sectionId)}`,
  },
  quotes: {
    pattern: '/articles/:slug/quotes',
    build: (slug: string, speaker?: string) =>
      `/articles/${encodeURIComponent(slug)}/quotes${speaker ? `?speaker=${encodeURIComponent(speaker)}` : ''}`,
  },
  quote: {
    pattern: '/articles/:slug/quotes/:quoteId',
    build: (slug: string, quoteId: string) =>
      `/articles/${encodeURIComponent(slug)}/quotes/${encodeURIComponent(quoteId)}`,
  },
  /**
   * A quotation in its article, `#quote-<id>`: its element's id. The links, with a text
   * fragment, are built by `quoteInContextPath` (lib/fragment-paths.ts).
   */
  quoteInContext: {
    elementId: (quoteId: string) => `quote-${quoteId}`,
  },
  saved: {
    pattern: '/saved',
    build: () => '/saved',
  },
  /** The reader's highlights, from every story (this browser only). */
  highlights: {
    pattern: '/highlights',
    build: () => '/highlights',
  },
  /**
   * A highlight in its article, `#highlight-<id>`: the route hands such a fragment to the
   * highlights. The links are built by `highlightPath` (lib/fragment-paths.ts).
   */
  highlightInArticle: { prefix: 'highlight-' },
  /** Search over the edition; the query is in the URL, so a search can be shared. */
  search: {
    pattern: '/search',
    build: (query = '') => (query ? `/search?q=${encodeURIComponent(query)}` : '/search'),
  },
} as const;
