import {
  leadFigure,
  leadText,
  sectionText,
  wordCount,
  type Article,
  type ArticleSection,
} from '../../content/article';
import { inlineText } from '../../content/nodes';
import { firstSentence } from '../../content/sentences';
import { summarise, type PageHead } from '../../lib/head';
import { paths } from '../../lib/paths';
import { absoluteUrl, SITE_NAME } from '../../lib/site';

/** The publisher, as Google's NewsArticle guidance asks: the site, with its logo. */
const PUBLISHER = {
  '@type': 'Organization',
  name: SITE_NAME,
  logo: {
    '@type': 'ImageObject',
    url: absoluteUrl('/icons/icon-512.png'),
    width: 512,
    height: 512,
  },
};

/** The story's lead picture, when it has one: the picture its pages share. */
export function leadPhoto(article: Article): PageHead['photo'] {
  const figure = leadFigure(article);
  if (!figure) return undefined;
  const caption = inlineText(figure.caption);
  return { id: figure.picture.id, alt: figure.alt ?? (caption || article.headline.text) };
}

/** The article's description: its lead text, else its headline. */
export function articleDescription(article: Article): string {
  return summarise(leadText(article) ?? article.headline.text);
}

/** Head tags for the article page. The JSON-LD carries only facts the content holds. */
export function articleHead(article: Article): PageHead {
  const path = paths.article.build(article.slug);
  const description = articleDescription(article);
  const jsonLd: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline.text,
    description,
    url: absoluteUrl(path),
    mainEntityOfPage: absoluteUrl(path),
    wordCount: wordCount(article),
    articleSection: article.sections.flatMap((section) =>
      section.heading ? [section.heading] : [],
    ),
    publisher: PUBLISHER,
  };
  if (article.lang) jsonLd.inLanguage = article.lang;
  if (article.published) jsonLd.datePublished = article.published;
  if (article.updated) jsonLd.dateModified = article.updated;
  if (article.byline) jsonLd.author = { '@type': 'Person', name: article.byline };
  return {
    title: article.headline.text,
    description,
    canonicalPath: path,
    type: 'article',
    jsonLd,
    card: { kind: 'article', headline: article.headline.text },
    photo: leadPhoto(article),
  };
}

/** Head tags for a section's share page: the section speaks for itself, the article is canonical. */
export function sectionHead(article: Article, section: ArticleSection): PageHead {
  const heading = section.heading ?? article.headline.text;
  const title = section.heading ? `${section.heading} — ${article.headline.text}` : heading;
  return {
    ...articleHead(article),
    title,
    socialTitle: title,
    description: summarise(firstSentence(sectionText(section))),
    canonicalPath: paths.articleSection.build(article.slug, section.id),
    scrollTarget: section.id,
    // The opening section has no title of its own: the story's card or picture speaks for it.
    // A section with a heading shares a card of its own words.
    ...(section.heading
      ? {
          card: { kind: 'section', headline: article.headline.text, section: section.heading },
          photo: undefined,
        }
      : {}),
  };
}
