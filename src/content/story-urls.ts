import { isFullArticle, type Story } from './article';
import { countBySpeaker, extractQuotes } from './quotes';
import { paths } from '../lib/paths';

/**
 * Every page a story has: the article, each section's share page, the quote gallery with its
 * speaker filters, and each quotation's page. The prerender step writes these, and a story kept
 * for offline reading stores these, so the two lists are one.
 */
export function storyPageUrls(story: Story): string[] {
  const urls = [paths.article.build(story.slug)];
  if (!isFullArticle(story)) return urls;
  urls.push(...story.sections.map((section) => paths.sectionShare.build(story.slug, section.id)));
  const quotes = extractQuotes(story);
  urls.push(paths.quotes.build(story.slug));
  for (const { speakerSlug } of countBySpeaker(quotes)) {
    urls.push(paths.quotes.build(story.slug, speakerSlug));
  }
  urls.push(...quotes.map((quote) => paths.quote.build(story.slug, quote.id)));
  return urls;
}
