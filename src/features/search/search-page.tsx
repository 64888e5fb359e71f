import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { paths } from '../../lib/paths';
import {
  createSearcher,
  excerptParts,
  type Found,
  type SearchResultData,
  type SearchSubResult,
} from './pagefind';

const PAGE_SIZE = 10;

interface StoryLink {
  slug: string;
  headline: string;
}

interface SearchPageProps {
  /** The query from the URL, once the app runs (the prerendered page has none). */
  query: string;
  /** The way on without JavaScript: the edition's stories. */
  stories: readonly StoryLink[];
}

/** What the last search answered, for which query and which try. */
type Outcome =
  | { query: string; attempt: number; found: Found; results: SearchResultData[] }
  | { query: string; attempt: number; failed: true };

/** `/articles/<slug>/` as Pagefind writes it, to the slug. */
function slugOf(url: string): string {
  const segment = /\/articles\/([^/#?]+)/.exec(url)?.[1] ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function Excerpt({ html }: { html: string }) {
  return (
    <p className="search-excerpt">
      {excerptParts(html).map((part, index) =>
        part.marked ? <mark key={index}>{part.text}</mark> : part.text,
      )}
    </p>
  );
}

/** A matching section: its deep link lands on it as any section link does. */
function SectionMatch({ slug, match }: { slug: string; match: SearchSubResult }) {
  if (!match.anchor?.id) return null;
  const sectionId = paths.sectionHeading.sectionId(match.anchor.id);
  return (
    <li>
      <Link to={paths.articleSection.build(slug, sectionId)}>{match.title}</Link>
      <Excerpt html={match.excerpt} />
    </li>
  );
}

function Result({ result }: { result: SearchResultData }) {
  const slug = slugOf(result.url);
  const headline = result.meta.title ?? slug;
  const sections = result.sub_results.filter((match) => match.anchor?.id);
  return (
    // A story in another language reads in its own direction, whatever the page's.
    <li className="search-result" lang={result.language} dir={result.language ? 'auto' : undefined}>
      <h2>
        <Link to={paths.article.build(slug)}>{headline}</Link>
      </h2>
      <Excerpt html={result.excerpt} />
      {sections.length > 0 ? (
        <ul className="search-sections" aria-label={`Matching sections of “${headline}”`}>
          {sections.map((match) => (
            <SectionMatch key={match.url} slug={slug} match={match} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/**
 * Search over the edition as the reader types (the field is the header's): one search in flight
 * at most, the newest query wins. The count is announced politely; results are a list of links.
 */
export function SearchPage({ query, stories }: SearchPageProps) {
  const search = useMemo(() => createSearcher(PAGE_SIZE), []);
  const [outcome, setOutcome] = useState<Outcome>();
  const [attempt, setAttempt] = useState(0);
  const term = query.trim();

  useEffect(() => {
    if (!term) return;
    let current = true;
    search(term).then(
      (found) => {
        if (current && found) setOutcome({ query: term, attempt, found, results: found.results });
      },
      () => current && setOutcome({ query: term, attempt, failed: true }),
    );
    return () => {
      current = false;
    };
  }, [term, search, attempt]);

  // Until this query's answer arrives, nothing is claimed: the status stays empty.
  const answer =
    term && outcome?.query === term && outcome.attempt === attempt ? outcome : undefined;
  const found = answer && 'found' in answer ? answer : undefined;
  const failed = answer !== undefined && 'failed' in answer;

  async function showMore() {
    if (!found) return;
    const more = await found.found.more(found.results.length, PAGE_SIZE);
    setOutcome({ ...found, results: [...found.results, ...more] });
  }

  let message = '';
  if (!term) {
    message = 'Type in the search field to find a story of the edition, down to the section.';
  } else if (found) {
    const { total } = found.found;
    message =
      total === 0
        ? `No stories match “${term}”.`
        : `${total} ${total === 1 ? 'story matches' : 'stories match'} “${term}”.`;
  } else if (failed) {
    message = 'The search index could not be loaded.';
  }

  return (
    <div className="search-page">
      <h1 tabIndex={-1}>Search</h1>
      {/* Shown only without JavaScript (see index.html): the same HTML either way, no shift. */}
      <div className="noscript-only">
        <p>Search needs JavaScript. Every story of the edition is listed here instead:</p>
        <ul className="search-stories">
          {stories.map((story) => (
            <li key={story.slug}>
              <a href={paths.article.build(story.slug)}>{story.headline}</a>
            </li>
          ))}
        </ul>
      </div>
      <p role="status" className="search-status needs-js">
        {message}
      </p>
      {failed ? (
        <p className="needs-js">
          <button type="button" onClick={() => setAttempt((count) => count + 1)}>
            Try again
          </button>
        </p>
      ) : null}
      {found && found.results.length > 0 ? (
        <>
          <ol className="search-results">
            {found.results.map((result) => (
              <Result key={result.url} result={result} />
            ))}
          </ol>
          {found.results.length < found.found.total ? (
            <button type="button" onClick={() => void showMore()}>
              Show more results
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
