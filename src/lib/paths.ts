/**
 * Every URL in Dispatch is built here: links, the route tree, prerendering and tests use it.
 * URLs are a public contract; once a pattern ships, it keeps working.
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
   * A quotation in its article. The text fragment (`:~:text=`) makes browsers that support it
   * highlight the words on a cold load; others ignore it, and the app lands on the element.
   */
  quoteInContext: {
    elementId: (quoteId: string) => `quote-${quoteId}`,
    build: (slug: string, quoteId: string, text?: string) =>
      `/articles/${encodeURIComponent(slug)}#quote-${encodeURIComponent(quoteId)}${
        text ? `:~:text=${textFragment(text)}` : ''
      }`,
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
   * highlights. The links are built by `highlightPath` (lib/highlight-paths.ts, beside the
   * on-demand code that alone makes them).
   */
  highlightInArticle: { prefix: 'highlight-' },
  /** Search over the edition; the query is in the URL, so a search can be shared. */
  search: {
    pattern: '/search',
    build: (query = '') => (query ? `/search?q=${encodeURIComponent(query)}` : '/search'),
  },
} as const;

/** Encoded for a text directive, whose syntax gives `-`, `,` and `&` meanings of their own. */
export function directiveText(words: string): string {
  return encodeURIComponent(words).replace(/-/g, '%2D');
}

/** A text directive for the start of a quotation: a few words are enough to find it. */
function textFragment(text: string): string {
  return directiveText(text.split(/\s+/).slice(0, 8).join(' '));
}
