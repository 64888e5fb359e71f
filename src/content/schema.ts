import * as v from 'valibot';
import { isSlug } from './slug.ts';

/*
 * The content format. Every `text`, `heading` and `title` field is published text, verbatim.
 * Everything else (slugs, the editorial headline, quote ids and speakers) is editorial metadata.
 */

export const nonEmpty = v.pipe(v.string(), v.minLength(1, 'must not be empty'));

/** Lowercase letters and digits of any script, joined by single hyphens (see slugify). */
export const slugSchema = v.pipe(
  v.string(),
  v.check(isSlug, 'must be a lowercase slug (letters, digits and single hyphens)'),
);

export const isoDate = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'));

export const textNodeSchema = v.object({
  type: v.literal('text'),
  text: nonEmpty,
});

/** A quoted span inside a paragraph; `text` is what stands between the quotation marks. */
export const quoteNodeSchema = v.object({
  type: v.literal('quote'),
  id: slugSchema,
  /** Editorial: who the text attributes the quotation to; absent when it names nobody. */
  speaker: v.optional(nonEmpty),
  /** A full statement, or a single quoted word or phrase ("scare quotes"). */
  kind: v.picklist(['statement', 'word']),
  text: nonEmpty,
});

export const inlineNodeSchema = v.variant('type', [textNodeSchema, quoteNodeSchema]);

export const paragraphSchema = v.object({
  type: v.literal('paragraph'),
  content: v.pipe(v.array(inlineNodeSchema), v.minLength(1, 'a paragraph needs content')),
});

/** Blocks are a union so that new kinds (lists, images) slot in without touching paragraphs. */
export const blockSchema = v.variant('type', [paragraphSchema]);

export const sectionSchema = v.object({
  heading: v.optional(nonEmpty),
  blocks: v.pipe(v.array(blockSchema), v.minLength(1, 'a section needs at least one block')),
});

export const relatedStorySchema = v.object({
  slug: slugSchema,
  title: nonEmpty,
});

export const headlineSchema = v.object({
  text: nonEmpty,
  /** `editorial` when the newsroom wrote it because the published text has none. */
  origin: v.picklist(['published', 'editorial']),
});

/** An article's fields other than its sections. */
const articleFields = {
  slug: slugSchema,
  /** Optional in the file: a document with sections is a full article. */
  availability: v.optional(v.literal('full'), 'full'),
  headline: headlineSchema,
  standfirst: v.optional(nonEmpty),
  byline: v.optional(nonEmpty),
  published: v.optional(isoDate),
  updated: v.optional(isoDate),
};

const SECTIONS_MESSAGE = 'an article needs a section';

/** What holds across sections; checked once every section is valid. */
const HEADINGS_MESSAGE = 'only the opening section may have no heading';
const QUOTE_IDS_MESSAGE = 'quote ids must be unique within the article';

function headedAfterOpening(article: { sections: readonly { heading?: string }[] }): boolean {
  return article.sections.slice(1).every((section) => section.heading !== undefined);
}

function uniqueQuoteIds(article: {
  sections: readonly { blocks: readonly { content: readonly InlineNodeOutput[] }[] }[];
}): boolean {
  const ids = article.sections.flatMap((section) =>
    section.blocks.flatMap((block) =>
      block.content.flatMap((node) => (node.type === 'quote' ? [node.id] : [])),
    ),
  );
  return new Set(ids).size === ids.length;
}

type InlineNodeOutput = v.InferOutput<typeof inlineNodeSchema>;

export const articleSchema = v.pipe(
  v.object({
    ...articleFields,
    sections: v.pipe(v.array(sectionSchema), v.minLength(1, SECTIONS_MESSAGE)),
    related: v.array(relatedStorySchema),
  }),
  v.check((article) => headedAfterOpening(article), HEADINGS_MESSAGE),
  v.check((article) => uniqueQuoteIds(article), QUOTE_IDS_MESSAGE),
);

/**
 * The same article checked in parts, for a client that must not validate a long article in one
 * task (content/validate.ts): the fields with the sections left unchecked, then each section,
 * then the checks across sections. Together they accept and reject what `articleSchema` does.
 */
export const articleParts = {
  envelope: v.object({
    ...articleFields,
    sections: v.pipe(v.array(v.unknown()), v.minLength(1, SECTIONS_MESSAGE)),
    related: v.array(relatedStorySchema),
  }),
  section: sectionSchema,
  whole: v.pipe(
    v.object({ sections: v.array(v.custom<v.InferOutput<typeof sectionSchema>>(() => true)) }),
    v.check((article) => headedAfterOpening(article), HEADINGS_MESSAGE),
    v.check((article) => uniqueQuoteIds(article), QUOTE_IDS_MESSAGE),
  ),
};

/**
 * A story the edition knows only by its title (a related story whose text it does not have).
 * It says so, rather than pretending to be an article with no text.
 */
export const titleOnlyStorySchema = v.object({
  slug: slugSchema,
  availability: v.literal('title-only'),
  headline: headlineSchema,
  /** The articles that list this story among their related stories. */
  relatedTo: v.optional(v.array(v.object({ slug: slugSchema, headline: nonEmpty })), []),
  /** The other stories those articles list. */
  others: v.optional(v.array(relatedStorySchema), []),
});

export type TextNode = v.InferOutput<typeof textNodeSchema>;
export type QuoteNode = v.InferOutput<typeof quoteNodeSchema>;
export type InlineNode = v.InferOutput<typeof inlineNodeSchema>;
export type Paragraph = v.InferOutput<typeof paragraphSchema>;
export type Block = v.InferOutput<typeof blockSchema>;
export type Section = v.InferOutput<typeof sectionSchema>;
export type RelatedStory = v.InferOutput<typeof relatedStorySchema>;
export type ArticleDocument = v.InferOutput<typeof articleSchema>;
export type TitleOnlyStory = v.InferOutput<typeof titleOnlyStorySchema>;
