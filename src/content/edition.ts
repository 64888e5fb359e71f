import * as v from 'valibot';
import { contentUrls, fetchJson, type FetchOptions } from './fetchers';
import { isoDate, nonEmpty, slugSchema } from './schema';
import { parseContent } from './validate';

/** The edition's pages: the story list of the front page and of `/page/<n>`. */

export const editionStorySchema = v.object({
  slug: slugSchema,
  headline: nonEmpty,
  /** `title-only`: the edition knows the story's title but not its text. */
  availability: v.picklist(['full', 'title-only']),
  published: v.optional(isoDate),
  /** When the story was last updated, where the newsroom says. */
  updated: v.optional(isoDate),
});

const pageNumber = v.pipe(v.number(), v.integer(), v.minValue(1));

/**
 * One page of the edition's story list, newest first (the lead story is not in the list).
 * Page 1 is the front page; every page names the lead and how many pages there are.
 */
export const editionSchema = v.pipe(
  v.object({
    lead: v.object({ slug: slugSchema, headline: nonEmpty }),
    page: pageNumber,
    pageCount: pageNumber,
    storyCount: v.pipe(v.number(), v.integer(), v.minValue(1)),
    stories: v.array(editionStorySchema),
  }),
  v.check((edition) => edition.page <= edition.pageCount, 'the page must be one of the pages'),
);

export type EditionStory = v.InferOutput<typeof editionStorySchema>;
export type Edition = v.InferOutput<typeof editionSchema>;

/** One page of the edition's story list; page 1 is the front page's. */
export async function fetchEditionPage(page: number, options?: FetchOptions): Promise<Edition> {
  const url = contentUrls.editionPage(page);
  return parseContent(url, editionSchema, await fetchJson(url, options));
}
