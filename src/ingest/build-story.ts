import * as v from 'valibot';
import {
  articleSchema,
  type ArticleDocument,
  type InlineNode,
  type Section,
} from '../content/schema.ts';
import { slugForTitle, slugify } from '../content/slug.ts';
import { attributeQuotations, type ParagraphInput } from './attribution.ts';
import { IngestError } from './errors.ts';
import type { StoryMeta } from './meta.ts';
import { findQuotations, type QuotationSpan } from './quotations.ts';
import type { SourceBlock, SourceStory } from './source.ts';

/** Where each part of a story comes from, for located errors. */
export interface StoryFiles {
  /** The source text or page, as the newsroom published it. */
  source: string;
  /** The editorial metadata file. */
  meta: string;
}

/** Words of a quotation its default id is made from. */
const ID_WORDS = 6;
const ID_MAX_LENGTH = 60;

/**
 * A quotation's id, from its first words: the same text always gives the same id, so ids are
 * stable across re-ingests, and an edit elsewhere in the story leaves them alone.
 */
export function quoteIdFor(text: string): string {
  const words = text.trim().split(/\s+/).slice(0, ID_WORDS).join(' ');
  return slugify(words).slice(0, ID_MAX_LENGTH).replace(/-+$/, '');
}

function unique(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** A heading needs text under it: one followed by another heading, or by nothing, is text. */
function withBodies(blocks: readonly SourceBlock[]): SourceBlock[] {
  return blocks.map((block, index) =>
    block.kind === 'heading' && blocks[index + 1]?.kind !== 'paragraph'
      ? { ...block, kind: 'paragraph' }
      : block,
  );
}

function scan(block: SourceBlock, file: string): QuotationSpan[] {
  const result = findQuotations(block.text);
  if (result.ok) return result.spans;
  // A paragraph is one line of its source, so the offset is a column on that line.
  throw new IngestError(file, block.line, block.column + result.offset, result.message);
}

/**
 * A story's source and editorial metadata, made into the content model: sections of
 * paragraphs whose quotations are quote nodes with the speaker the text itself names.
 * Every `text` is published text, verbatim; every id, speaker and kind is metadata.
 */
export function buildArticle(
  slug: string,
  source: SourceStory,
  meta: StoryMeta,
  files: StoryFiles,
): ArticleDocument {
  const headline = meta.headline
    ? { text: meta.headline, origin: 'editorial' as const }
    : source.headline
      ? { text: source.headline, origin: 'published' as const }
      : undefined;
  if (!headline) {
    throw new IngestError(
      files.source,
      1,
      1,
      `the story has no headline, and a headline is editorial: give one with --headline, or as "headline" in ${files.meta}`,
    );
  }

  const blocks = withBodies(source.blocks);
  const paragraphs = blocks.filter((block) => block.kind === 'paragraph');
  const spans = paragraphs.map((block) => scan(block, files.source));
  const inputs: ParagraphInput[] = paragraphs.map((block) => {
    const index = blocks.indexOf(block);
    return { text: block.text, sectionStart: blocks[index - 1]?.kind === 'heading' };
  });
  const attributions = attributeQuotations(inputs, spans);

  const corrections = meta.quotes ?? {};
  const madeIds = new Set<string>();
  const publicIds = new Set<string>();
  const unused = new Set(Object.keys(corrections));
  const sections: Section[] = [];
  let paragraphIndex = 0;
  for (const block of blocks) {
    if (block.kind === 'heading') {
      sections.push({ heading: block.text, blocks: [] });
      continue;
    }
    if (sections.length === 0) sections.push({ blocks: [] });
    const index = paragraphIndex++;
    const content: InlineNode[] = [];
    let offset = 0;
    const text = (to: number) => {
      if (to > offset) content.push({ type: 'text', text: block.text.slice(offset, to) });
    };
    spans[index]!.forEach((span, spanIndex) => {
      text(span.open + 1);
      const words = block.text.slice(span.open + 1, span.close);
      const attribution = attributions[index]![spanIndex]!;
      const madeId = unique(quoteIdFor(words) || `quote-${madeIds.size + 1}`, madeIds);
      const correction = corrections[madeId];
      unused.delete(madeId);
      const id = correction?.id ?? madeId;
      if (publicIds.has(id)) {
        throw new IngestError(files.meta, 1, 1, `quote id “${id}” is given to two quotations`);
      }
      publicIds.add(id);
      const speaker =
        correction?.speaker === null ? undefined : (correction?.speaker ?? attribution.speaker);
      content.push({
        type: 'quote',
        id,
        ...(speaker ? { speaker } : {}),
        kind: correction?.kind ?? attribution.kind,
        text: words,
      });
      offset = span.close;
    });
    text(block.text.length);
    sections.at(-1)!.blocks.push({ type: 'paragraph', content });
  }
  if (unused.size > 0) {
    throw new IngestError(
      files.meta,
      1,
      1,
      `corrections name quotations the story does not have: ${[...unused].join(', ')}`,
    );
  }

  const document = {
    slug,
    headline,
    ...(meta.byline ? { byline: meta.byline } : {}),
    ...(meta.published ? { published: meta.published } : {}),
    ...(meta.updated ? { updated: meta.updated } : {}),
    sections,
    related: source.related.map((title) => ({ slug: slugForTitle(title), title })),
  };
  const result = v.safeParse(articleSchema, document);
  if (!result.success) {
    const issue = result.issues[0];
    throw new IngestError(
      files.source,
      1,
      1,
      `the story does not fit the content model: ${v.getDotPath(issue) ?? ''} ${issue.message}`.trim(),
    );
  }
  return result.output;
}
