/**
 * Where each content document lives below `/content/`: the build writes them there and the
 * fetchers read them from there, so the two can never disagree.
 */
export const contentPaths = {
  article: (slug: string) => `articles/${slug}.json`,
  editionPage: (page: number) => `edition/${page}.json`,
};
