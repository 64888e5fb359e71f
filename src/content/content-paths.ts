/**
 * Where each content document lives below `/content/`: the build writes them there and the
 * fetchers read them from there, so the two can never disagree.
 */
/** The folder below the site's base that holds the content documents. */
export const CONTENT_DIR = 'content';

export const contentPaths = {
  article: (slug: string) => `articles/${slug}.json`,
  editionPage: (page: number) => `edition/${page}.json`,
};
