import * as v from 'valibot';
import { createSlicer } from '../lib/yield';
import { toArticle, type Story } from './article';
import { InvalidContentError, type ContentIssue } from './errors';
import { articleParts, articleSchema, titleOnlyStorySchema, type ArticleDocument } from './schema';

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
export async function parseStoryInSlices(url: string, json: unknown): Promise<Story> {
  if (isTitleOnly(json)) return parseContent(url, titleOnlyStorySchema, json);
  const envelope = parseContent(url, articleParts.envelope, json);
  const slice = createSlicer();
  const sections: ArticleDocument['sections'] = [];
  const issues: ContentIssue[] = [];
  for (const [index, input] of envelope.sections.entries()) {
    await slice();
    const result = v.safeParse(articleParts.section, input);
    if (result.success) sections.push(result.output);
    else issues.push(...contentIssues(result.issues, `sections.${index}`));
  }
  if (issues.length > 0) throw new InvalidContentError(url, issues);
  await slice();
  const document = { ...envelope, sections };
  parseContent(url, articleParts.whole, document);
  return toArticle(document);
}
