import { memo, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import {
  articleQuotes,
  readingMinutes,
  type Article,
  type ArticleSection,
} from '../../content/article';
import { ShareButton } from '../../components/share-button';
import { formatLongDate } from '../../lib/dates';
import { paths } from '../../lib/paths';
import { absoluteUrl } from '../../lib/site';
import {
  ArticleSectionView,
  InlineDescriptions,
  LINK_HINT,
  quoteElementId,
  sectionHeadingId,
} from './article-body';
import { TableOfContents } from './table-of-contents';
import { useActiveSection } from './use-active-section';
import { useDeepLinkLanding } from './use-deep-link-landing';

interface ArticleViewProps {
  article: Article;
  /** The element id a deep link asks for: a section (or, later, a quotation). */
  targetId?: string;
  /** A related story's list item content (the route adds prefetching and a bookmark toggle). */
  renderRelatedStory?: (story: Article['related'][number]) => ReactNode;
  /** Controls for the article itself, under the headline (a bookmark toggle). */
  headerActions?: ReactNode;
  /** Minutes left from where the reader is, once they are into the text. */
  minutesLeft?: number | null;
}

/** A section lands with its heading focused (the opening section has none); a quotation itself. */
function focusTargetOf(element: HTMLElement): HTMLElement {
  if (element.localName !== 'section') return element;
  const heading = element.querySelector<HTMLElement>(
    `#${CSS.escape(sectionHeadingId(element.id))}`,
  );
  return heading ?? element;
}

/** "Trade (2)" for the second section headed "Trade": names for landmarks and controls. */
function repeatedHeadingLabels(sections: readonly ArticleSection[]): Map<string, string> {
  const seen = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const section of sections) {
    if (!section.heading) continue;
    const count = (seen.get(section.heading) ?? 0) + 1;
    seen.set(section.heading, count);
    if (count > 1) labels.set(section.id, `${section.heading} (${count})`);
  }
  return labels;
}

interface ArticleSectionsProps {
  article: Article;
  activeId: string | undefined;
  highlightedQuote: string | undefined;
}

/**
 * The story's sections, nearly all of the page. Memoised: what changes once the page is
 * hydrated (the bookmark store arriving, the minutes left as the reader scrolls) re-renders the
 * controls around the text and not every paragraph, which was one task of about 50 ms at 4×
 * CPU slowdown. The article comes from the query cache, so it keeps its identity.
 */
const ArticleSections = memo(function ArticleSections({
  article,
  activeId,
  highlightedQuote,
}: ArticleSectionsProps) {
  const labels = repeatedHeadingLabels(article.sections);
  return (
    // Search indexes the story's text, its headings and quotations: nothing else.
    <div className="article-body" data-pagefind-body="" lang={article.lang}>
      {article.sections.map((section) => (
        <ArticleSectionView
          key={section.id}
          section={section}
          current={section.id === activeId}
          highlightedQuote={highlightedQuote}
          label={labels.get(section.id)}
          share={
            section.heading ? (
              <ShareButton
                label={`Share section: ${labels.get(section.id) ?? section.heading}`}
                share={{
                  url: absoluteUrl(paths.sectionShare.build(article.slug, section.id)),
                  title: article.headline.text,
                  text: section.heading,
                }}
              />
            ) : null
          }
        />
      ))}
    </div>
  );
});

/** What the view derives from the article, once per article rather than on every render. */
function articleFacts(article: Article) {
  const quotes = articleQuotes(article);
  const sectionIds = article.sections.map((section) => section.id);
  return {
    quotes,
    speakers: [...new Set(quotes.flatMap((quote) => (quote.speaker ? [quote.speaker] : [])))],
    minutes: readingMinutes(article),
    sectionIds,
    targetIds: new Set([...sectionIds, ...quotes.map((quote) => quoteElementId(quote.id))]),
  };
}

/**
 * Where the story was first published: the site's name (else the address's host), linking to
 * the story there when its address is known.
 */
function FirstPublished({ siteName, url, lang }: Pick<Article, 'siteName' | 'url' | 'lang'>) {
  const name = siteName ? <span lang={lang}>{siteName}</span> : url && new URL(url).hostname;
  return (
    <span className="first-published">
      First published by{' '}
      {url ? (
        <a href={url} aria-describedby={LINK_HINT.web}>
          {name}
        </a>
      ) : (
        name
      )}
    </span>
  );
}

export function ArticleView({
  article,
  targetId,
  renderRelatedStory = (story) => <Link to={paths.article.build(story.slug)}>{story.title}</Link>,
  headerActions,
  minutesLeft,
}: ArticleViewProps) {
  const { quotes, speakers, minutes, sectionIds, targetIds } = useMemo(
    () => articleFacts(article),
    [article],
  );
  const missingTarget = targetId && !targetIds.has(targetId) ? targetId : undefined;
  useDeepLinkLanding(missingTarget ? undefined : targetId, focusTargetOf);
  const quoteCount = quotes.length;
  const highlightedQuote = quotes.find((quote) => quoteElementId(quote.id) === targetId)?.id;
  const [dismissed, setDismissed] = useState<string>();
  const activeId = useActiveSection(sectionIds, targetId);

  // The story's direction lays out the whole article (contents, lists, quotes mirror); its
  // language marks the story's own words, while the reader's controls stay in the site's.
  const { lang } = article;
  return (
    <div className="article-layout" dir={article.dir}>
      <div className="reading-progress" aria-hidden="true" />
      <article className="article" aria-labelledby="article-headline">
        <header className="article-header">
          <h1 id="article-headline" tabIndex={-1} data-pagefind-meta="title" lang={lang}>
            {article.headline.text}
          </h1>
          {article.standfirst ? (
            <p className="standfirst" lang={lang}>
              {article.standfirst}
            </p>
          ) : null}
          <p className="article-meta">
            {article.byline ? (
              <span className="byline" lang={lang}>
                {article.byline}
              </span>
            ) : null}
            {article.published ? (
              <time dateTime={article.published}>{formatLongDate(article.published, 'utc')}</time>
            ) : null}
            {article.updated && article.updated !== article.published ? (
              <span>
                Updated{' '}
                <time dateTime={article.updated}>{formatLongDate(article.updated, 'utc')}</time>
              </span>
            ) : null}
            {article.siteName || article.url ? (
              <FirstPublished siteName={article.siteName} url={article.url} lang={lang} />
            ) : null}
            <span>{minutes} min read</span>
            {/* Its room is kept from the start, so the line never rewraps as the reader reads. */}
            <span className="minutes-left">{minutesLeft ? `${minutesLeft} min left` : null}</span>
            {quoteCount > 0 ? (
              <Link to={paths.quotes.build(article.slug)}>
                {quoteCount} {quoteCount === 1 ? 'quotation' : 'quotations'} from this story
              </Link>
            ) : null}
          </p>
          {headerActions ? <div className="story-actions">{headerActions}</div> : null}
        </header>
        <TableOfContents sections={article.sections} activeId={activeId} />
        <ArticleSections
          article={article}
          activeId={activeId}
          highlightedQuote={highlightedQuote}
        />
        <InlineDescriptions speakers={speakers} />
        <p className="print-only">{absoluteUrl(paths.article.build(article.slug))}</p>
        {article.related.length > 0 ? (
          <aside className="related-stories" aria-labelledby="related-stories-heading">
            <h2 id="related-stories-heading">Related Stories</h2>
            <ul lang={lang}>
              {article.related.map((story) => (
                <li key={story.slug}>{renderRelatedStory(story)}</li>
              ))}
            </ul>
          </aside>
        ) : null}
      </article>
      <div role="status" className="notice-toast">
        {missingTarget && missingTarget !== dismissed ? (
          <>
            <p>This article has no part called “{missingTarget}”, so it opens at the top.</p>
            <button type="button" onClick={() => setDismissed(missingTarget)}>
              Dismiss
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}
