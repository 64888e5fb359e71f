import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import * as v from 'valibot';
import { mapLimited } from '../lib/limit.ts';
import { Diagnostics, IngestError } from './errors.ts';
import { parseHtmlSource } from './html-source.ts';
import { parseMarkdownSource } from './markdown-source.ts';
import { editionMetaSchema, storyMetaSchema, type EditionMeta, type StoryMeta } from './meta.ts';
import type { SourceStory } from './source.ts';
import { parseTextSource } from './text-source.ts';

/** The editorial sources: `content/` in the repository, or another folder (tests, benches). */
export function contentDir(): string {
  return resolve(process.env.DISPATCH_CONTENT_DIR ?? 'content');
}

export const storiesDir = (dir: string) => join(dir, 'stories');
export const editionMetaFile = (dir: string) => join(dir, 'edition.json');
/** The stories' pictures, each named by its content hash (`npm run ingest` fetches them). */
export const imagesDir = (dir: string) => join(dir, 'images');
export const metaFileFor = (dir: string, slug: string) =>
  join(storiesDir(dir), `${slug}.meta.json`);

/** The source formats, by file name: a saved web page, Markdown, else plain text. */
export type SourceFormat = '.html' | '.md' | '.txt';

export const SOURCE_FORMATS: readonly SourceFormat[] = ['.html', '.md', '.txt'];

export function sourceFormat(file: string): SourceFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') return '.html';
  if (ext === '.md' || ext === '.markdown') return '.md';
  return '.txt';
}

/** A source file's text, page or Markdown, parsed by its kind. */
export function parseSource(
  text: string,
  file: string,
  diagnostics = new Diagnostics(file),
): SourceStory {
  switch (sourceFormat(file)) {
    case '.html':
      return parseHtmlSource(text, file, diagnostics);
    case '.md':
      return parseMarkdownSource(text, file, diagnostics);
    case '.txt':
      return parseTextSource(text, file);
  }
}

/** Parses a JSON file against a schema; a problem is located in that file. */
export function parseJsonFile<TSchema extends v.GenericSchema>(
  schema: TSchema,
  text: string,
  file: string,
): v.InferOutput<TSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new IngestError(file, 1, 1, `not valid JSON (${(error as Error).message})`);
  }
  const result = v.safeParse(schema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue);
    throw new IngestError(file, 1, 1, `${path ? `${path}: ` : ''}${issue.message}`);
  }
  return result.output;
}

export interface StorySource {
  slug: string;
  sourceFile: string;
  metaFile: string;
  text: string;
  meta: StoryMeta;
}

/** A file's text; an unreadable file is an error located in it. */
export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new IngestError(
      file,
      1,
      1,
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

/** Every story of the edition's sources: a source file and its metadata file, by slug. */
export async function readStories(dir: string): Promise<StorySource[]> {
  const folder = storiesDir(dir);
  let names: string[];
  try {
    names = (await readdir(folder)).sort();
  } catch {
    return [];
  }
  const sources = names.filter((name) => !name.endsWith('.json') && !name.startsWith('.'));
  const seen = new Map<string, string>();
  // A few at a time: an archive of thousands would run out of file handles.
  return mapLimited(sources, 64, async (name) => {
    const slug = basename(name, extname(name));
    const sourceFile = join(folder, name);
    const other = seen.get(slug);
    if (other)
      throw new IngestError(sourceFile, 1, 1, `a second source for the story “${slug}” (${other})`);
    seen.set(slug, sourceFile);
    const metaFile = metaFileFor(dir, slug);
    const [text, metaText] = await Promise.all([
      readText(sourceFile),
      readFile(metaFile, 'utf8').catch(() => '{}'),
    ]);
    return {
      slug,
      sourceFile,
      metaFile,
      text,
      meta: parseJsonFile(storyMetaSchema, metaText, metaFile),
    };
  });
}

export async function readEditionMeta(dir: string): Promise<EditionMeta> {
  const file = editionMetaFile(dir);
  const text = await readFile(file, 'utf8').catch(() => '{}');
  return parseJsonFile(editionMetaSchema, text, file);
}
