import type { QueryClient } from '@tanstack/react-query';
import { isFullArticle, type Article, type Story } from './article';
import { articleQueries, editionQueries } from './queries';
import type { RelatedStory } from './schema';

export interface StoryRelations {
  /** The articles of the edition that list this story among their related stories. */
  relatedTo: Article[];
  /** The other stories those articles list, without this one. */
  others: RelatedStory[];
}

export function storyRelations(slug: string, articles: readonly Story[]): StoryRelations {
  const relatedTo = articles
    .filter(isFullArticle)
    .filter((article) => article.related.some((story) => story.slug === slug));
  const others = new Map<string, RelatedStory>();
  for (const article of relatedTo) {
    for (const story of article.related) {
      if (story.slug !== slug && !others.has(story.slug)) others.set(story.slug, story);
    }
  }
  return { relatedTo, others: [...others.values()] };
}

/**
 * Everything a story's page needs, in the cache: the story and, for a title-only story, the
 * edition and its full articles (to say what it is related to). The route loader and the
 * prefetch on a related link both call this, so a prefetched page opens with no request.
 */
export async function ensureStoryPage(queryClient: QueryClient, slug: string): Promise<Story> {
  const story = await queryClient.ensureQueryData(articleQueries.detail(slug));
  if (isFullArticle(story)) return story;
  const edition = await queryClient.ensureQueryData(editionQueries.current());
  await Promise.all(
    edition.stories
      .filter((entry) => entry.availability === 'full')
      .map((entry) => queryClient.ensureQueryData(articleQueries.detail(entry.slug))),
  );
  return story;
}
