import { useMemo } from 'react';
import { Link, useLocation, useNavigate, type LinkProps } from 'react-router';
import type { Article } from '../../content/article';
import { countBySpeaker, type QuoteEntry } from '../../content/quotes';
import { paths } from '../../lib/paths';
import { QuoteCard } from './quote-card';
import { FIRST_BATCH, useIncrementalCount } from './use-incremental-count';

interface QuoteGalleryProps {
  article: Article;
  quotes: readonly QuoteEntry[];
  /** The `?speaker=` filter, as in the URL. */
  speaker?: string;
}

/**
 * A speaker filter link. Choosing a speaker commits at once (React Router's `flushSync`) rather
 * than as a transition rendered in slices: the reader asked for exactly this, and it is a dozen
 * cards. A click meant for a new tab or window (a modifier key, another button) is left to the
 * link; choosing the speaker already shown replaces the history entry, as a Link does.
 */
function SpeakerLink({ to, ...props }: LinkProps & { to: string }) {
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();
  const onClick = (event: React.MouseEvent<HTMLAnchorElement>) => {
    const plainClick =
      event.button === 0 && !event.metaKey && !event.altKey && !event.ctrlKey && !event.shiftKey;
    if (!plainClick || event.defaultPrevented) return;
    event.preventDefault();
    void navigate(to, { flushSync: true, replace: `${pathname}${search}${hash}` === to });
  };
  return <Link {...props} to={to} onClick={onClick} />;
}

export function QuoteGallery({ article, quotes, speaker }: QuoteGalleryProps) {
  const speakers = useMemo(() => countBySpeaker(quotes), [quotes]);
  const selected = speaker ? speakers.find((entry) => entry.speakerSlug === speaker) : undefined;
  const shownQuotes = useMemo(
    () => (speaker ? quotes.filter((quote) => quote.speakerSlug === speaker) : quotes),
    [quotes, speaker],
  );
  const { shown, sentinel, showMore } = useIncrementalCount(shownQuotes.length, speaker ?? '');
  const articleLink = (
    <Link to={paths.article.build(article.slug)} lang={article.lang}>
      {article.headline.text}
    </Link>
  );

  return (
    <div className="quote-gallery" dir={article.dir}>
      <header className="quote-gallery-header">
        <h1 tabIndex={-1}>Quotes</h1>
        <p className="quote-gallery-source">From {articleLink}</p>
      </header>

      {quotes.length === 0 ? (
        <div className="empty-state">
          <p>This article has no quotations.</p>
          <p>
            <Link to={paths.article.build(article.slug)}>Read the article</Link>
          </p>
        </div>
      ) : (
        <>
          <nav className="speaker-filter" aria-label="Filter by speaker">
            <ul>
              <li>
                <SpeakerLink
                  to={paths.quotes.build(article.slug)}
                  aria-current={speaker ? undefined : 'page'}
                >
                  Everyone <span className="count">({quotes.length})</span>
                </SpeakerLink>
              </li>
              {speakers.map((entry) => (
                <li key={entry.speakerSlug}>
                  <SpeakerLink
                    to={paths.quotes.build(article.slug, entry.speakerSlug)}
                    aria-current={entry.speakerSlug === speaker ? 'page' : undefined}
                  >
                    <span lang={article.lang}>{entry.speaker}</span>{' '}
                    <span className="count">({entry.count})</span>
                  </SpeakerLink>
                </li>
              ))}
            </ul>
          </nav>
          <p role="status" className="quote-gallery-summary">
            {speaker && !selected
              ? ''
              : `${shownQuotes.length} ${shownQuotes.length === 1 ? 'quotation' : 'quotations'}${
                  selected ? ` by ${selected.speaker}` : ''
                }, in the order they appear.`}
          </p>
          {speaker && !selected ? (
            <div className="empty-state">
              <p>There are no quotes by “{speaker}” in this article.</p>
              <p>
                <Link to={paths.quotes.build(article.slug)}>Show all quotes</Link>
              </p>
            </div>
          ) : (
            <ol className="quote-grid">
              {shownQuotes.slice(0, shown).map((quote, index) => (
                <QuoteCard
                  key={quote.id}
                  articleSlug={article.slug}
                  headline={article.headline.text}
                  quote={quote}
                  lang={article.lang}
                  deferred={index >= FIRST_BATCH}
                />
              ))}
            </ol>
          )}
          {shown < shownQuotes.length ? (
            <div ref={sentinel} className="quote-gallery-more">
              <button type="button" onClick={showMore}>
                Show more quotes ({shownQuotes.length - shown} more)
              </button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
