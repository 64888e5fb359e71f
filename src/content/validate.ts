import * as v from 'valibot';
import { createSlicer } from '../lib/slicer';
import { toArticle, type Story } from './article';
import { InvalidContentError, NOT_JSON, type ContentIssue } from './errors';
import { articleParts, articleSchema, titleOnlyStorySchema, type ArticleDocument } from './schema';
import { parseJsonBytes, readSection, type StoryPartsReply } from './story-parts';

/**
 * Unknown data never passes this boundary unchecked. Loaded with the first fetch of content,
 * not with the page: a prerendered page carries its data already checked at build time.
 */
export function parseContent<TSchema extends v.GenericSchema>(
  url: string,
  schema: TSchema,
  json: unknown,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, json);
  if (!result.success) throw new InvalidContentError(url, contentIssues(result.issues));
  return result.output;
}

function contentIssues(issues: readonly v.BaseIssue<unknown>[], prefix = ''): ContentIssue[] {
  return issues.map((issue) => {
    const path = v.getDotPath(issue) ?? '';
    return { path: prefix && path ? `${prefix}.${path}` : prefix || path, message: issue.message };
  });
}

function isTitleOnly(json: unknown): boolean {
  return (
    typeof json === 'object' &&
    json !== null &&
    (json as { availability?: unknown }).availability === 'title-only'
  );
}

/** A full article, or a story known only by its title: the document's `availability` says. */
export function parseStory(url: string, json: unknown): Story {
  return isTitleOnly(json)
    ? parseContent(url, titleOnlyStorySchema, json)
    : toArticle(parseContent(url, articleSchema, json));
}

/**
 * `parseStory` in slices: an article is checked section by section, yielding to the browser
 * whenever a slice has run a few milliseconds. A 2,000-quotation article checked in one go was a
 * task of 150 ms on a phone. It accepts and rejects what `parseStory` does, with the same
 * result; a document faulty in several places may report its issues in another order, or only
 * those outside its sections.
 */
export async function parseStoryInSlices(
  url: string,
  json: unknown,
  /** Turns an item of the document's `sections` into the section (story-parts.ts). */
  toSection: (input: unknown) => unknown = (input) => input,
): Promise<Story> {
  if (isTitleOnly(json)) return parseContent(url, titleOnlyStorySchema, json);
  const slice = createSlicer();
  const envelope = parseContent(url, articleParts.envelope, json);
  const sections: ArticleDocument['sections'] = [];
  const issues: ContentIssue[] = [];
  for (const [index, input] of envelope.sections.entries()) {
    await slice();
    const result = v.safeParse(articleParts.section, toSection(input));
    if (result.success) sections.push(result.output);
    else issues.push(...contentIssues(result.issues, `sections.${index}`));
  }
  if (issues.length > 0) throw new InvalidContentError(url, issues);
  await slice();
  const document = { ...envelope, sections };
  parseContent(url, articleParts.whole, document);
  // The checks across sections take a slice of their own on a long article: what follows
  // (the query's update, the loader's next step) starts a new task.
  await slice();
  return toArticle(document);
}

/**
 * From this size on, a story's JSON is parsed in a worker. `JSON.parse` runs at roughly
 * 5 MB/s on a phone (4× slowdown here): 128 KB is about a 25 ms task, and a 500 KB article
 * with 2,000 quotations was the gallery's longest task. Below it, a worker costs more than the
 * parse: a request for its script and a new JavaScript context.
 */
export const WORKER_PARSE_BYTES = 128 * 1024;

/**
 * A story from its bytes, as fetched. A long one is parsed off the main thread into parts, whose
 * sections are then read and checked one slice at a time; where no worker can run (no support,
 * its script unavailable, a policy blocking it) it is parsed here, as a short one is.
 */
export async function parseStoryBytes(url: string, bytes: ArrayBuffer): Promise<Story> {
  const reply =
    bytes.byteLength >= WORKER_PARSE_BYTES ? await storyPartsInWorker(bytes) : undefined;
  if (reply) {
    if (!reply.ok) throw new InvalidContentError(url, [NOT_JSON]);
    return parseStoryInSlices(url, reply.parts.envelope, readSection);
  }
  const parsed = parseJsonBytes(bytes);
  if (!parsed.ok) throw new InvalidContentError(url, [NOT_JSON]);
  return parseStoryInSlices(url, parsed.json);
}

/** The worker's answer, or undefined if no worker could give one. */
function storyPartsInWorker(bytes: ArrayBuffer): Promise<StoryPartsReply | undefined> {
  if (typeof Worker === 'undefined') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./story-parts.worker.ts', import.meta.url), {
        type: 'module',
        name: 'story-parts',
      });
    } catch {
      resolve(undefined);
      return;
    }
    const settle = (reply: StoryPartsReply | undefined) => {
      worker.terminate();
      resolve(reply);
    };
    worker.onmessage = (event: MessageEvent<StoryPartsReply>) => settle(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      settle(undefined);
    };
    worker.onmessageerror = () => settle(undefined);
    // A copy, not a transfer: if the worker fails, the bytes are parsed here instead.
    worker.postMessage(bytes);
  });
}
