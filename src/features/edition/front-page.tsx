import { useEffect } from 'react';
import { Link } from 'react-router';
import { leadFigure, leadText, readingMinutes, type Article } from '../../content/article';
import { StoryPicture } from '../../components/story-picture';
import { inlineText } from '../../content/nodes';
import type { Edition, EditionStory } from '../../content/edition';
import { formatLongDate, formatMoment, updatedSince } from '../../lib/dates';
import { paths } from '../../lib/paths';
import { useLastOpened } from '../reading/last-opened';

interface FrontPageProps {
  edition: Edition;
  lead: Article;
  /** Stories that arrived while the page was open and the reader chose to see: lead first. */
  arrived?: readonly string[];
}

/**
 * "Updated 14:05, 6 December 2026" for a story updated since the reader last opened it here.
 * Its line is there for every story with an update time, empty until the browser knows when
 * the reader last opened the story, so filling it moves nothing.
 */
function UpdatedLine({ slug, updated }: { slug: string; updated: string | undefined }) {
  const opened = useLastOpened();
  if (!updated) return null;
  const since = updatedSince(updated, opened[slug]);
  return (
    <span className="story-updated">
      {since ? (
        <>
          Updated <time dateTime={since}>{formatMoment(since)}</time>
        </>
      ) : null}
    </span>
  );
}

function NewMark({ slug, arrived }: { slug: string; arrived: readonly string[] }) {
  return arrived.includes(slug) ? <span className="story-new">New</span> : null;
}

function StoryList({
  stories,
  arrived = [],
}: {
  stories: readonly EditionStory[];
  arrived?: readonly string[];
}) {
  return (
    <ul>
      {stories.map((story) => (
        <li key={story.slug} data-story={story.slug}>
          <NewMark slug={story.slug} arrived={arrived} />
          <Link to={paths.article.build(story.slug)}>{story.headline}</Link>
          {story.published ? (
            <time className="story-date" dateTime={story.published}>
              {formatLongDate(story.published, 'utc')}
            </time>
          ) : null}
          <UpdatedLine slug={story.slug} updated={story.updated} />
        </li>
      ))}
    </ul>
  );
}

/** Once the reader chose to see the new stories, the first of them has focus. */
function useFocusArrival(arrived: readonly string[]) {
  useEffect(() => {
    const first = arrived[0];
    if (!first) return;
    document
      .querySelector<HTMLAnchorElement>(`[data-story="${CSS.escape(first)}"] a[href]`)
      ?.focus();
  }, [arrived]);
}

/** The first and last pages, and two either side of this one: a short list at any size. */
function pageWindow(page: number, pageCount: number): number[] {
  const numbers = new Set([1, pageCount]);
  for (let number = page - 2; number <= page + 2; number += 1) {
    if (number >= 1 && number <= pageCount) numbers.add(number);
  }
  return [...numbers].sort((a, b) => a - b);
}

/** Links to the edition's other pages: newer, older, and pages by number around this one. */
export function EditionPagination({ edition }: { edition: Edition }) {
  if (edition.pageCount <= 1) return null;
  const { page, pageCount } = edition;
  const numbers = pageWindow(page, pageCount);
  return (
    <nav className="pagination" aria-label="Pages of the edition">
      <ul>
        {page > 1 ? (
          <li>
            <Link to={paths.editionPage.build(page - 1)} rel="prev">
              Newer stories
            </Link>
          </li>
        ) : null}
        {numbers.map((number, index) => (
          <li key={number}>
            {index > 0 && number - numbers[index - 1]! > 1 ? (
              <span className="pagination-gap" aria-hidden="true">
                …
              </span>
            ) : null}
            <Link
              to={paths.editionPage.build(number)}
              aria-current={number === page ? 'page' : undefined}
              aria-label={`Page ${number}`}
            >
              {number}
            </Link>
          </li>
        ))}
        {page < pageCount ? (
          <li>
            <Link to={paths.editionPage.build(page + 1)} rel="next">
              Older stories
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export function FrontPage({ edition, lead, arrived = [] }: FrontPageProps) {
  useFocusArrival(arrived);
  const summary = leadText(lead);
  const picture = leadFigure(lead);
  const headed = lead.sections.filter((section) => section.heading);
  return (
    <div className="front-page">
      <h1 className="front-page-title" tabIndex={-1}>
        Front page
      </h1>
      <article className="lead-story" aria-labelledby="lead-story-headline" data-story={lead.slug}>
        <p className="kicker">
          <NewMark slug={lead.slug} arrived={arrived} />
          Lead story
        </p>
        <h2 id="lead-story-headline" className="lead-story-headline">
          <Link to={paths.article.build(lead.slug)}>{lead.headline.text}</Link>
        </h2>
        {picture ? (
          // Here without its caption, so the caption's words describe it when it has no alt text.
          <StoryPicture
            picture={picture.picture}
            alt={picture.alt ?? inlineText(picture.caption)}
            lead
          />
        ) : null}
        {summary ? <p className="lead-story-summary">{summary}</p> : null}
        <p className="article-meta">
          <span>{readingMinutes(lead)} min read</span>
          <UpdatedLine slug={lead.slug} updated={lead.updated} />
        </p>
        {headed.length > 0 ? (
          <nav className="lead-story-sections" aria-label="In this story">
            <h3>In this story</h3>
            <ul>
              {headed.map((section) => (
                <li key={section.id}>
                  <Link to={paths.articleSection.build(lead.slug, section.id)}>
                    {section.heading}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </article>
      {edition.stories.length > 0 ? (
        <section className="more-stories" aria-labelledby="more-stories-heading">
          <h2 id="more-stories-heading">More in this edition</h2>
          <StoryList stories={edition.stories} arrived={arrived} />
          <EditionPagination edition={edition} />
        </section>
      ) : null}
    </div>
  );
}

/** A later page of the edition: its stories, newest first, and the way to the others. */
export function EditionPage({ edition }: { edition: Edition }) {
  return (
    <div className="front-page">
      <h1 className="front-page-title" tabIndex={-1}>
        Stories, page {edition.page} of {edition.pageCount}
      </h1>
      <section className="more-stories" aria-label={`Stories on page ${edition.page}`}>
        <StoryList stories={edition.stories} />
        <EditionPagination edition={edition} />
      </section>
    </div>
  );
}
