import {
  blockText,
  figures,
  forEachInline,
  type Figure,
  type Picture,
  type QuoteNode,
} from './nodes';
import { makeSectionIds } from './section-ids';
import type { ArticleDocument, Section, TitleOnlyStory } from './schema';

export interface ArticleSection extends Section {
  /** Stable anchor id, made from the heading (see makeSectionIds). */
  id: string;
}

/** An article as the views use it: the document plus what enhancers derive from it. */
export interface Article extends Omit<ArticleDocument, 'sections'> {
  sections: ArticleSection[];
}

/** Whatever a story's URL shows: a full article, or a story known only by its title. */
export type Story = Article | TitleOnlyStory;

export function isFullArticle(story: Story): story is Article {
  return story.availability === 'full';
}

/** Enhancer: adds section ids, once, so the body, table of contents and links share them. */
export function toArticle(document: ArticleDocument): Article {
  const ids = makeSectionIds(document.sections.map((section) => section.heading));
  return {
    ...document,
    sections: document.sections.map((section, index) => ({ ...section, id: ids[index]! })),
  };
}

/** What introduces an article: its standfirst, else its first paragraph, as published. */
export function leadText(article: Article): string | undefined {
  if (article.standfirst) return article.standfirst;
  for (const section of article.sections) {
    const first = section.blocks.find((block) => block.type === 'paragraph');
    if (first) return blockText(first);
  }
  return undefined;
}

/** The story's lead picture (a figure the build made a picture for and marked lead), if any. */
export function leadFigure(article: Article): (Figure & { picture: Picture }) | undefined {
  const lead = article.sections
    .flatMap((section) => figures(section.blocks))
    .find((figure) => figure.lead && figure.picture);
  return lead as (Figure & { picture: Picture }) | undefined;
}

/**
 * The article's quotations in reading order, each once: a quotation over several paragraphs is
 * its first part.
 */
export function articleQuotes(article: { sections: readonly Section[] }): QuoteNode[] {
  const quotes: QuoteNode[] = [];
  for (const section of article.sections) {
    forEachInline(section.blocks, (node) => {
      if (node.type === 'quote' && !node.continued) quotes.push(node);
    });
  }
  return quotes;
}

const WORDS_PER_MINUTE = 230;

export function wordCount(article: Article): number {
  const texts = [
    article.headline.text,
    ...article.sections.flatMap((section) => [
      section.heading ?? '',
      ...section.blocks.map(blockText),
    ]),
  ];
  return texts.reduce((total, text) => total + (text.match(/\S+/g)?.length ?? 0), 0);
}

/** Whole minutes, never less than one. */
export function readingMinutes(article: Article): number {
  return Math.max(1, Math.round(wordCount(article) / WORDS_PER_MINUTE));
}

/** Whole minutes for a number of words, rounded as the reading time is, never less than one. */
export function minutesFor(words: number): number {
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

/**
 * A block's anchor: its section and its place there ("growing-tensions-with-the-us/2"). It
 * names the paragraph, not a pixel offset, so a reading position survives a change of text
 * size or width.
 */
export function blockAnchor(sectionId: string, index: number): string {
  return `${sectionId}/${index}`;
}

/** Every block's anchor and word count, in reading order. */
export function blockWords(article: Article): { anchor: string; words: number }[] {
  return article.sections.flatMap((section) =>
    section.blocks.map((block, index) => ({
      anchor: blockAnchor(section.id, index),
      words: blockText(block).match(/\S+/g)?.length ?? 0,
    })),
  );
}

export function findSection(article: Article, sectionId: string): ArticleSection | undefined {
  return article.sections.find((section) => section.id === sectionId);
}

export function sectionText(section: Section): string {
  return section.blocks.map(blockText).join(' ');
}
