import * as v from 'valibot';
import { forEachInline, type Block, type InlineNode, type MarkNode } from './nodes.ts';
import { isSlug } from './slug.ts';

/*
 * The content format: a story is a tree of typed nodes, never HTML. Every `text`, `heading`,
 * `title`, `alt` and `credit` field is published text, verbatim. Everything else (slugs, the
 * editorial headline, quote ids and speakers, a link's resolved story) is editorial metadata.
 *
 * Blocks and inline nodes nest (a link inside a quotation, a list inside a list item), and
 * TypeScript cannot infer a recursive type, so theirs are written out in `nodes.ts` and these
 * schemas are checked against them; the other types are inferred from the schemas.
 */

export const nonEmpty = v.pipe(v.string(), v.minLength(1, 'must not be empty'));

/** Lowercase letters and digits of any script, joined by single hyphens (see slugify). */
export const slugSchema = v.pipe(
  v.string(),
  v.check(isSlug, 'must be a lowercase slug (letters, digits and single hyphens)'),
);

/** A moment: `2026-11-28T09:00:00Z`, or with an offset (`+01:00`) and fractions of a second. */
export const isoTimestamp = v.pipe(v.string(), v.isoTimestamp());
/** A moment (`isoTimestamp`) or a day (`2026-11-28`). */
export const isoDate = v.pipe(
  v.string(),
  v.check(
    (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) || v.is(isoTimestamp, value),
    'must be an ISO 8601 timestamp or date',
  ),
);

/** Only these survive into a story: anything else keeps its text and loses the link at ingest. */
export function isPublicHref(url: string): boolean {
  return /^(?:https?:\/\/[^\s/?#]+[^\s]*|mailto:[^\s]+)$/i.test(url);
}

const TEXT_DIRECTIONS = ['ltr', 'rtl'] as const;

/** A BCP 47 language tag, loosely: `en`, `pt-BR`, `zh-Hant-TW`. */
export const languageTag = v.pipe(
  v.string(),
  v.regex(/^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i, 'must be a language tag such as en or pt-BR'),
);

const dimension = v.pipe(v.number(), v.integer(), v.minValue(1));
const fraction = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

/** A picture the build made (nodes.ts, `Picture`); its files are named by `lib/pictures.ts`. */
export const pictureSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/, 'must be a picture id')),
  width: dimension,
  height: dimension,
  widths: v.pipe(v.array(dimension), v.minLength(1, 'a picture needs a width')),
  placeholder: v.pipe(
    v.string(),
    v.regex(/^data:image\/(?:webp|png|jpeg);base64,[A-Za-z0-9+/=]+$/, 'must be a data: URL'),
  ),
  focus: v.optional(v.object({ x: fraction, y: fraction })),
});

const inlineList = v.array(v.lazy((): v.GenericSchema<InlineNode> => inlineNodeSchema));
const nonEmptyInlines = v.pipe(inlineList, v.minLength(1, 'must not be empty'));

export const textNodeSchema = v.object({ type: v.literal('text'), text: nonEmpty });

const markSchema = <TType extends MarkNode['type']>(type: TType) =>
  v.object({ type: v.literal(type), content: nonEmptyInlines });

export const linkNodeSchema = v.object({
  type: v.literal('link'),
  url: v.pipe(v.string(), v.check(isPublicHref, 'must be an http(s) or mailto URL')),
  story: v.optional(slugSchema),
  content: nonEmptyInlines,
});

export const quoteNodeSchema = v.pipe(
  v.object({
    type: v.literal('quote'),
    id: slugSchema,
    speaker: v.optional(nonEmpty),
    kind: v.picklist(['statement', 'word']),
    continued: v.optional(v.literal(true)),
    text: v.optional(nonEmpty),
    content: v.optional(nonEmptyInlines),
  }),
  v.check(
    (node) => (node.text === undefined) !== (node.content === undefined),
    'a quotation has either text or content',
  ),
);

export const inlineNodeSchema: v.GenericSchema<InlineNode> = v.variant('type', [
  textNodeSchema,
  v.object({ type: v.literal('break') }),
  v.object({ type: v.literal('code'), text: nonEmpty }),
  markSchema('emphasis'),
  markSchema('strong'),
  markSchema('subscript'),
  markSchema('superscript'),
  linkNodeSchema,
  quoteNodeSchema,
]);

const blockList = v.array(v.lazy((): v.GenericSchema<Block> => blockSchema));
const positive = v.pipe(v.number(), v.integer(), v.minValue(1));

export const paragraphSchema = v.object({
  type: v.literal('paragraph'),
  content: v.pipe(inlineList, v.minLength(1, 'a paragraph needs content')),
});

const cellSchema = v.object({
  header: v.optional(v.literal(true)),
  scope: v.optional(v.picklist(['col', 'row', 'colgroup', 'rowgroup'])),
  colspan: v.optional(positive),
  rowspan: v.optional(positive),
  content: inlineList,
});
const rowsSchema = v.array(v.pipe(v.array(cellSchema), v.minLength(1, 'a row needs a cell')));

export const blockSchema: v.GenericSchema<Block> = v.variant('type', [
  paragraphSchema,
  v.object({ type: v.literal('subheading'), text: nonEmpty }),
  v.object({
    type: v.literal('list'),
    ordered: v.boolean(),
    start: v.optional(v.pipe(v.number(), v.integer())),
    items: v.pipe(
      v.array(v.pipe(blockList, v.minLength(1, 'a list item needs content'))),
      v.minLength(1, 'a list needs an item'),
    ),
  }),
  v.object({
    type: v.literal('blockquote'),
    blocks: v.pipe(blockList, v.minLength(1, 'a block quote needs content')),
    attribution: v.optional(nonEmptyInlines),
  }),
  v.object({
    type: v.literal('table'),
    caption: v.optional(nonEmptyInlines),
    head: rowsSchema,
    body: rowsSchema,
    foot: v.optional(rowsSchema),
  }),
  v.object({ type: v.literal('preformatted'), text: nonEmpty }),
  v.object({
    type: v.literal('figure'),
    image: v.optional(
      v.object({ url: v.pipe(v.string(), v.check(isPublicHref, 'must be an http(s) URL')) }),
    ),
    picture: v.optional(pictureSchema),
    lead: v.optional(v.literal(true)),
    decorative: v.optional(v.literal(true)),
    alt: v.optional(nonEmpty),
    caption: v.optional(nonEmptyInlines),
    credit: v.optional(nonEmpty),
  }),
]);

export const sectionSchema = v.object({
  heading: v.optional(nonEmpty),
  blocks: v.pipe(blockList, v.minLength(1, 'a section needs at least one block')),
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
  /**
   * Editorial: the moment `npm run ingest` first took the story in (the metadata file's
   * `ingested`). Not a date the story states: the feeds' last resort for an entry's `updated`.
   */
  ingested: v.optional(isoTimestamp),
  /** The language the story is written in, when known. */
  lang: v.optional(languageTag),
  /** The direction its text runs; left to right when absent. */
  dir: v.optional(v.picklist(TEXT_DIRECTIONS)),
  /** Where the story was first published: the site's name and the story's own URL. */
  siteName: v.optional(nonEmpty),
  url: v.optional(v.pipe(v.string(), v.check(isPublicHref, 'must be an http(s) URL'))),
};

const SECTIONS_MESSAGE = 'an article needs a section';

/** What holds across sections; checked once every section is valid. */
const HEADINGS_MESSAGE = 'only the opening section may have no heading';
const QUOTE_IDS_MESSAGE = 'quote ids must be unique within the article';
const CONTINUED_MESSAGE = 'a continued quotation must follow the quotation it continues';

function headedAfterOpening(article: { sections: readonly { heading?: string }[] }): boolean {
  return article.sections.slice(1).every((section) => section.heading !== undefined);
}

/** Each quotation's id once, and each continued part after its quotation's start. */
function quoteIdsOf(article: { sections: readonly { blocks: readonly Block[] }[] }) {
  const starts = new Set<string>();
  let unique = true;
  let continuationsFollow = true;
  for (const section of article.sections) {
    forEachInline(section.blocks, (node) => {
      if (node.type !== 'quote') return;
      if (node.continued) continuationsFollow &&= starts.has(node.id);
      else if (starts.has(node.id)) unique = false;
      else starts.add(node.id);
    });
  }
  return { unique, continuationsFollow };
}

export const articleSchema = v.pipe(
  v.object({
    ...articleFields,
    sections: v.pipe(v.array(sectionSchema), v.minLength(1, SECTIONS_MESSAGE)),
    related: v.array(relatedStorySchema),
  }),
  v.check((article) => headedAfterOpening(article), HEADINGS_MESSAGE),
  v.check((article) => quoteIdsOf(article).unique, QUOTE_IDS_MESSAGE),
  v.check((article) => quoteIdsOf(article).continuationsFollow, CONTINUED_MESSAGE),
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
    v.check((article) => quoteIdsOf(article).unique, QUOTE_IDS_MESSAGE),
    v.check((article) => quoteIdsOf(article).continuationsFollow, CONTINUED_MESSAGE),
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

export type Section = v.InferOutput<typeof sectionSchema>;
export type RelatedStory = v.InferOutput<typeof relatedStorySchema>;
export type ArticleDocument = v.InferOutput<typeof articleSchema>;
export type TitleOnlyStory = v.InferOutput<typeof titleOnlyStorySchema>;
