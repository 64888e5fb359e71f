import { memo } from 'react';
import { Link } from 'react-router';
import { ShareButton } from '../../components/share-button';
import type { QuoteEntry } from '../../content/quotes';
import { quoteInContextPath } from '../../lib/fragment-paths';
import { paths } from '../../lib/paths';
import { absoluteUrl } from '../../lib/site';

interface QuoteCardProps {
  articleSlug: string;
  headline: string;
  quote: QuoteEntry;
}

/** The language of the story a quotation is from, for the quotation's own words. */
type StoryLang = { lang?: string };

/** What a caption says of who spoke: the text's own attribution, or that it gives none. */
export const UNATTRIBUTED = 'Not attributed in the text';

export function quoteExcerpt(text: string, words = 6): string {
  const parts = text.split(/\s+/);
  return parts.length > words ? `${parts.slice(0, words).join(' ')}…` : text;
}

/**
 * The inside of a quotation's figure: the words as published in a blockquote, and a caption
 * citing the speaker and the section. The large quotation mark is decoration, hidden from
 * assistive technology.
 */
export function QuoteWords({ quote, lang }: { quote: QuoteEntry } & StoryLang) {
  return (
    <>
      <blockquote lang={lang}>
        <span className="quote-mark" aria-hidden="true">
          “
        </span>
        {quote.paragraphs.map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
      </blockquote>
      <figcaption>
        {quote.speaker ? (
          <cite lang={lang}>{quote.speaker}</cite>
        ) : (
          <span className="quote-unattributed">{UNATTRIBUTED}</span>
        )}
        {quote.sectionHeading ? (
          <span className="quote-card-section" lang={lang}>
            {quote.sectionHeading}
          </span>
        ) : (
          <span className="quote-card-section">Opening of the story</span>
        )}
      </figcaption>
    </>
  );
}

/** Shares the quotation's own page; the text names the speaker. */
export function QuoteShareButton({ articleSlug, headline, quote }: QuoteCardProps) {
  return (
    <ShareButton
      label={`Share quotation${quote.speaker ? ` from ${quote.speaker}` : ''}: ${quoteExcerpt(quote.text)}`}
      share={{
        url: absoluteUrl(paths.quote.build(articleSlug, quote.id)),
        title: headline,
        text: quote.speaker ? `“${quote.text}” ${quote.speaker}` : `“${quote.text}”`,
      }}
    />
  );
}

/**
 * One quotation in the gallery (see QuoteWords), with its ways on.
 * A quoted word ("scare quotes") is shown as a word in its sentence, not as a statement.
 * A `deferred` card (one after the first batch) is laid out only near the view.
 * Memoised: a gallery adding a batch of cards leaves the ones already shown alone.
 */
export const QuoteCard = memo(function QuoteCard({
  articleSlug,
  headline,
  quote,
  lang,
  deferred = false,
}: QuoteCardProps & StoryLang & { deferred?: boolean }) {
  const word = quote.kind === 'word';
  const className = `quote-card${word ? ' quote-card-word' : ''}${deferred ? ' quote-card-deferred' : ''}`;
  return (
    <li className={className} data-speaker={quote.speakerSlug}>
      <figure>
        {word ? <p className="quote-card-label">Quoted word</p> : null}
        <QuoteWords quote={quote} lang={lang} />
      </figure>
      {word ? (
        <p className="quote-card-context" lang={lang}>
          {quote.context}
        </p>
      ) : null}
      <div className="quote-card-actions">
        <Link to={quoteInContextPath(articleSlug, quote.id, quote.paragraphs[0])}>
          Read in context
          <span className="visually-hidden">: {quoteExcerpt(quote.text)}</span>
        </Link>
        <Link to={paths.quote.build(articleSlug, quote.id)}>
          Quote page<span className="visually-hidden">: {quoteExcerpt(quote.text)}</span>
        </Link>
        <QuoteShareButton articleSlug={articleSlug} headline={headline} quote={quote} />
      </div>
    </li>
  );
});
