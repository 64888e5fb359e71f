import { Link } from 'react-router';
import type { Article } from '../../content/article';
import type { QuoteEntry } from '../../content/quotes';
import { quoteInContextPath } from '../../lib/fragment-paths';
import { paths } from '../../lib/paths';
import { QuoteShareButton, QuoteWords } from './quote-card';

/** One quotation, large, with its context and the ways back into the story. */
export function QuotePageView({ article, quote }: { article: Article; quote: QuoteEntry }) {
  return (
    <article className="quote-page" aria-labelledby="quote-page-heading" dir={article.dir}>
      <p className="quote-page-source">
        <Link to={paths.quotes.build(article.slug)}>Quotes</Link> from{' '}
        <Link to={paths.article.build(article.slug)} lang={article.lang}>
          {article.headline.text}
        </Link>
      </p>
      <h1 id="quote-page-heading" tabIndex={-1}>
        {quote.speaker
          ? `${quote.kind === 'word' ? 'A word quoted from' : 'Quotation from'} ${quote.speaker}`
          : quote.kind === 'word'
            ? 'A quoted word'
            : 'A quotation'}
      </h1>
      <figure className="quote-feature">
        <QuoteWords quote={quote} lang={article.lang} />
      </figure>
      <section className="quote-page-context" aria-labelledby="quote-context-heading">
        <h2 id="quote-context-heading">In context</h2>
        <p lang={article.lang}>{quote.context}</p>
      </section>
      <div className="quote-card-actions">
        <Link to={quoteInContextPath(article.slug, quote.id, quote.paragraphs[0])}>
          Read in context
        </Link>
        <Link to={paths.quotes.build(article.slug)}>All quotes from this story</Link>
        <QuoteShareButton
          articleSlug={article.slug}
          headline={article.headline.text}
          quote={quote}
        />
      </div>
    </article>
  );
}
