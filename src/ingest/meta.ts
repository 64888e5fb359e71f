import * as v from 'valibot';
import { isoDate, isoTimestamp, isPublicHref, languageTag } from '../content/schema.ts';
import { isSlug } from '../content/slug.ts';

const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));
const fraction = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const slug = v.pipe(v.string(), v.check(isSlug, 'must be a lowercase slug'));

/**
 * A story's editorial metadata file, `content/stories/<slug>.meta.json`: what a newsroom adds
 * that the published text does not hold. The only hand-written content besides the texts.
 */
export const storyMetaSchema = v.strictObject({
  /** The editorial headline, for a source that has none (or to replace a web page's title). */
  headline: v.optional(nonEmpty),
  byline: v.optional(nonEmpty),
  published: v.optional(isoDate),
  updated: v.optional(isoDate),
  /** The story's language (`en`, `ar`…) and the direction its text runs, where the source is wrong or silent. */
  lang: v.optional(languageTag),
  dir: v.optional(v.picklist(['ltr', 'rtl'])),
  /** Where the story was first published: the site's name, and the story's own URL. */
  siteName: v.optional(nonEmpty),
  url: v.optional(v.pipe(v.string(), v.check(isPublicHref, 'must be an http(s) URL'))),
  /** The file name the story was ingested from: a re-ingest of it updates this story. */
  source: v.optional(nonEmpty),
  /**
   * The moment `npm run ingest` first took the story in (an ISO 8601 timestamp): written on the
   * first ingest and kept by every later one. When this newsroom had the story, which the feeds
   * fall back on for a story that states no date of its own.
   */
  ingested: v.optional(isoTimestamp),
  /**
   * Corrections by quote id (the id ingest makes from the quotation's words): `speaker` names
   * who said it, or `null` where the rules named somebody the text does not; `id` keeps an
   * earlier public id for the quotation's URLs.
   */
  /**
   * The story's pictures, by the key its source names each by (`PictureReference.key`): `file`,
   * a file in `content/images/` named by its content hash (`npm run ingest` fetches it), and
   * `focus`, the point a crop keeps (fractions of the width and height; else the centre).
   */
  images: v.optional(
    v.record(
      v.string(),
      v.strictObject({
        file: v.pipe(
          v.string(),
          v.regex(
            /^[0-9a-f]{16,64}\.(?:jpg|png|webp|avif|gif)$/,
            'must be a file in content/images/',
          ),
        ),
        focus: v.optional(v.strictObject({ x: fraction, y: fraction })),
      }),
    ),
  ),
  /**
   * The lead picture, by its key in `images`, where it is not the first picture before the
   * first section heading; `null`: the story has none.
   */
  leadPicture: v.optional(v.nullable(nonEmpty)),
  quotes: v.optional(
    v.record(
      v.string(),
      v.strictObject({
        id: v.optional(slug),
        speaker: v.optional(v.nullable(nonEmpty)),
        kind: v.optional(v.picklist(['statement', 'word'])),
      }),
    ),
  ),
});

export type StoryMeta = v.InferOutput<typeof storyMetaSchema>;

/** The edition's own editorial file, `content/edition.json`. */
export const editionMetaSchema = v.strictObject({
  /** The lead story's slug; without it the newest story leads. */
  lead: v.optional(slug),
});

export type EditionMeta = v.InferOutput<typeof editionMetaSchema>;
