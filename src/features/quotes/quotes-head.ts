import type { Article } from '../../content/article';
import type { QuoteEntry } from '../../content/quotes';
import { summarise, type PageHead } from '../../lib/head';
import { paths } from '../../lib/paths';
import { quoteExcerpt } from './quote-card';

export function galleryHead(article: Article): PageHead {
  return {
    title: `Quotes · ${article.headline.text}`,
    description: summarise(
      `Every quotation in “${article.headline.text}”, who said it, and where it stands in the story.`,
    ),
    canonicalPath: paths.quotes.build(article.slug),
    type: 'website',
  };
}

/** og:title is the speaker (or the story, for a quotation attributed to nobody), og:description the quotation; the quote page is canonical. */
export function quoteHead(article: Article, quote: QuoteEntry): PageHead {
  return {
    title: `${quote.speaker ? `${quote.speaker}: ` : ''}“${quoteExcerpt(quote.text, 8)}”`,
    socialTitle: quote.speaker ?? `A quotation from “${article.headline.text}”`,
    description: summarise(quote.text, 300),
    canonicalPath: paths.quote.build(article.slug, quote.id),
    type: 'article',
    card:
      quote.kind === 'word'
        ? { kind: 'word', headline: article.headline.text, context: quote.context }
        : {
            kind: 'quote',
            headline: article.headline.text,
            text: quote.text,
            ...(quote.speaker ? { speaker: quote.speaker } : {}),
          },
  };
}
