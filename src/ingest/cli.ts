/**
 * `npm run ingest -- FILE... [--headline TEXT] [--slug SLUG] [--published ISO-DATE] [--strict] [--dry-run]`
 *
 * Adds stories to the edition's sources (`content/`), or updates them: each FILE is a story in
 * the plain-text format, a saved web page or Markdown. Every file is checked before anything is
 * written, so one bad file leaves the sources as they were; each file is written atomically.
 * What a source holds that cannot be used (quotation marks that do not pair, a link that is not
 * http, https or mailto, a picture that cannot be had) stays text and is reported as
 * `file:line:col: warning: …`; `--strict` makes those errors. Each figure's picture is taken
 * from beside the source or downloaded into `content/images/` (`pictures.ts`).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import type { ArticleDocument } from '../content/schema.ts';
import { isSlug, slugForTitle } from '../content/slug.ts';
import { paths } from '../lib/paths.ts';
import { buildArticle } from './build-story.ts';
import {
  contentDir,
  imagesDir,
  metaFileFor,
  parseSource,
  readStories,
  readText,
  SOURCE_FORMATS,
  sourceFormat,
  storiesDir,
  type StorySource,
} from './content-dir.ts';
import { Diagnostics, formatWarning, IngestError, type IngestWarning } from './errors.ts';
import type { StoryMeta } from './meta.ts';
import {
  obtainPicture,
  pictureFileName,
  pictureLimits,
  PictureUnavailable,
  storePicture,
  type PictureExtension,
  type PictureLimits,
} from './pictures.ts';
import type { PictureReference, SourceBlock } from './source.ts';

const USAGE =
  'usage: npm run ingest -- FILE... [--headline TEXT] [--slug SLUG] [--published ISO-DATE] [--strict] [--dry-run]';

/** What the editor says of a story on the command line. */
type StoryOptions = Omit<IngestRequest, 'file'>;

interface Planned {
  slug: string;
  article: ArticleDocument;
  /** What to write: the source as given, and its metadata file. */
  sourceName: string;
  text: string;
  meta: StoryMeta;
  /** Pictures to keep in `content/images/`, written before the story that names them. */
  pictures: NewPicture[];
  warnings: IngestWarning[];
}

interface NewPicture {
  bytes: Uint8Array;
  extension: PictureExtension;
}

type StoryImages = NonNullable<StoryMeta['images']>;
type PictureFigure = SourceBlock & { kind: 'figure'; picture: PictureReference };

/** Every figure that names a picture, in list items and block quotes too. */
function picturedFigures(blocks: readonly SourceBlock[]): PictureFigure[] {
  return blocks.flatMap((block): PictureFigure[] => {
    if (block.kind === 'figure') return block.picture ? [{ ...block, picture: block.picture }] : [];
    if (block.kind === 'list') return block.items.flatMap(picturedFigures);
    if (block.kind === 'blockquote') return picturedFigures(block.blocks);
    return [];
  });
}

const isFile = (path: string) =>
  stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );

/**
 * The story's pictures: those its metadata already maps to a kept file stay; the others are
 * had from beside the source or downloaded (nothing is written yet). One that cannot be had
 * is a warning, and the figure keeps its words; a later ingest tries again.
 */
async function planPictures(
  blocks: readonly SourceBlock[],
  file: string,
  known: StoryImages | undefined,
  { dir, limits, diagnostics }: { dir: string; limits: PictureLimits; diagnostics: Diagnostics },
): Promise<{ images: StoryImages; pictures: NewPicture[] }> {
  const images: StoryImages = { ...known };
  const pictures: NewPicture[] = [];
  const settled = new Set<string>();
  for (const figure of picturedFigures(blocks)) {
    const { key } = figure.picture;
    if (settled.has(key)) continue;
    settled.add(key);
    const entry = images[key];
    if (entry && (await isFile(join(imagesDir(dir), entry.file)))) continue;
    try {
      const had = await obtainPicture(figure, { baseDir: dirname(resolve(file)), limits });
      const { extension } = had.picture;
      images[key] = { ...entry, file: pictureFileName(had.bytes, extension) };
      pictures.push({ bytes: had.bytes, extension });
    } catch (error) {
      if (!(error instanceof PictureUnavailable)) throw error;
      diagnostics.warn(
        figure,
        `the picture ${key} could not be had (${error.message}); the figure keeps its caption, credit and alt text, and a later ingest of the same file will try again`,
      );
    }
  }
  return { images, pictures };
}

/** Plans one file: which story it is, and the article it makes. Writes nothing. */
async function plan(
  file: string,
  options: StoryOptions,
  existing: StorySource[],
  {
    dir,
    strict,
    limits,
    now,
  }: { dir: string; strict: boolean; limits: PictureLimits; now: () => Date },
): Promise<Planned> {
  const text = await readText(file);
  const name = basename(file);
  const diagnostics = new Diagnostics(file, strict);
  const source = parseSource(text, file, diagnostics);
  // The same story: ingested before from a file of this name, or with this very text.
  const previous = existing.find((story) => story.meta.source === name || story.text === text);
  if (previous && options.slug && options.slug !== previous.slug) {
    throw new IngestError(
      file,
      1,
      1,
      `this story is already in the edition as “${previous.slug}”, and a story’s slug never changes (its URLs are public)`,
    );
  }
  const { images, pictures } = await planPictures(source.blocks, file, previous?.meta.images, {
    dir,
    limits,
    diagnostics,
  });
  const meta: StoryMeta = {
    ...previous?.meta,
    ...(options.headline ? { headline: options.headline } : {}),
    ...(options.published ? { published: options.published } : {}),
    ...(Object.keys(images).length > 0 ? { images } : {}),
    source: name,
    // When the newsroom first took the story in: only a first ingest knows it. A story ingested
    // before this was recorded stays without it rather than take a later moment.
    ...(previous ? {} : { ingested: ingestedAt(now()) }),
  };
  const headline = meta.headline ?? source.headline;
  const slug = options.slug ?? previous?.slug ?? (headline ? slugForTitle(headline) : undefined);
  if (options.slug !== undefined && !isSlug(options.slug)) {
    throw new IngestError(
      file,
      1,
      1,
      `--slug “${options.slug}” is not a slug: use lowercase letters, digits and single hyphens`,
    );
  }
  if (slug === '') {
    throw new IngestError(
      file,
      1,
      1,
      'the headline gives no slug (it has no letters or digits): choose one with --slug',
    );
  }
  const owner = existing.find((story) => story.slug === slug);
  if (owner && owner !== previous) {
    throw new IngestError(
      file,
      1,
      1,
      `the slug “${slug}” is already used by another story (${owner.sourceFile}): choose another with --slug`,
    );
  }
  const article = buildArticle(
    slug ?? 'untitled',
    source,
    meta,
    { source: file, meta: metaFileFor(dir, slug ?? 'untitled') },
    diagnostics,
  );
  return {
    slug: article.slug,
    article,
    sourceName: `${article.slug}${sourceFormat(file)}`,
    text,
    meta,
    pictures,
    warnings: diagnostics.warnings,
  };
}

/** A moment as the metadata file keeps it: UTC, to the second. */
const ingestedAt = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Writes beside the target, then renames: a crash never leaves a half-written file. */
async function writeAtomically(file: string, contents: string) {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, contents);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function parseOptions(argv: string[]): {
  files: string[];
  options: StoryOptions & { dryRun: boolean; strict: boolean };
} {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      headline: { type: 'string' },
      slug: { type: 'string' },
      published: { type: 'string' },
      strict: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new Error(USAGE);
  if (
    values.published !== undefined &&
    !v.is(v.pipe(v.string(), v.isoTimestamp()), values.published)
  ) {
    throw new Error(
      `--published “${values.published}” is not an ISO 8601 timestamp (2026-11-28T09:00:00Z)`,
    );
  }
  if (positionals.length > 1 && (values.slug || values.headline)) {
    throw new Error('--slug and --headline name one story: give them with one FILE');
  }
  return {
    files: positionals,
    options: {
      headline: values.headline?.trim() || undefined,
      slug: values.slug,
      published: values.published,
      dryRun: values['dry-run'],
      strict: values.strict,
    },
  };
}

/** One story to ingest: its file and what the editor says of it. */
export interface IngestRequest {
  file: string;
  headline?: string;
  slug?: string;
  published?: string;
}

/** What an ingest prints: its output, and the warnings about what stayed text. */
export interface IngestResult {
  output: string;
  warnings: IngestWarning[];
}

/**
 * Ingests stories into the sources in `dir`: plans every one first (so a bad file writes
 * nothing), then writes each atomically. Returns what the CLI prints.
 */
export async function ingestFiles(
  requests: readonly IngestRequest[],
  {
    dir = contentDir(),
    dryRun = false,
    strict = false,
    limits = pictureLimits(),
    now = () => new Date(),
  }: {
    dir?: string;
    dryRun?: boolean;
    strict?: boolean;
    limits?: PictureLimits;
    /** The clock a first ingest reads its `ingested` moment from (tests fix it). */
    now?: () => Date;
  } = {},
): Promise<IngestResult> {
  const existing = await readStories(dir);
  const planned: Planned[] = [];
  for (const { file, ...options } of requests) {
    const story = await plan(file, options, existing, { dir, strict, limits, now });
    const twin = planned.find((other) => other.slug === story.slug);
    if (twin)
      throw new IngestError(
        file,
        1,
        1,
        `gives the same slug “${story.slug}” as another file of this run`,
      );
    planned.push(story);
  }
  const warnings = planned.flatMap((story) => story.warnings);
  if (dryRun) {
    const articles = planned.map((story) => story.article);
    return {
      output: `${JSON.stringify(articles.length === 1 ? articles[0] : articles, null, 2)}\n`,
      warnings,
    };
  }
  // Pictures first: a story never names a file that is not there yet.
  for (const picture of planned.flatMap((story) => story.pictures)) {
    await storePicture(imagesDir(dir), picture.bytes, picture.extension);
  }
  await mkdir(storiesDir(dir), { recursive: true });
  for (const story of planned) {
    await writeAtomically(join(storiesDir(dir), story.sourceName), story.text);
    await writeAtomically(metaFileFor(dir, story.slug), `${JSON.stringify(story.meta, null, 2)}\n`);
    // A story ingested before from another format loses its old source.
    for (const format of SOURCE_FORMATS) {
      if (format !== extname(story.sourceName)) {
        await rm(join(storiesDir(dir), `${story.slug}${format}`), { force: true });
      }
    }
  }
  return {
    output: planned.map((story) => `${story.slug}\t${paths.article.build(story.slug)}\n`).join(''),
    warnings,
  };
}

/** The command line: `FILE... [--headline TEXT] [--slug SLUG] [--published ISO-DATE] [--strict] [--dry-run]`. */
export function ingest(argv: string[], dir = contentDir()): Promise<IngestResult> {
  const { files, options } = parseOptions(argv);
  const { dryRun, strict, ...story } = options;
  return ingestFiles(
    files.map((file) => ({ file, ...story })),
    { dir, dryRun, strict },
  );
}

const isMain = process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]));
if (isMain) {
  ingest(process.argv.slice(2)).then(
    ({ output, warnings }) => {
      for (const warning of warnings) process.stderr.write(`${formatWarning(warning)}\n`);
      process.stdout.write(output);
    },
    (error: Error) => {
      process.stderr.write(
        `${error instanceof IngestError ? error.message : `ingest: ${error.message}`}\n`,
      );
      process.exitCode = error instanceof IngestError ? 1 : 2;
    },
  );
}
