import * as v from 'valibot';
import { toArticle, type Story } from './article';
import { InvalidContentError } from './errors';
import { articleSchema, titleOnlyStorySchema } from './schema';

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
  if (!result.success) {
    const issues = result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? '',
      message: issue.message,
    }));
    throw new InvalidContentError(url, issues);
  }
  return result.output;
}

/** A full article, or a story known only by its title: the document's `availability` says. */
export function parseStory(url: string, json: unknown): Story {
  const titleOnly =
    typeof json === 'object' &&
    json !== null &&
    (json as { availability?: unknown }).availability === 'title-only';
  return titleOnly
    ? parseContent(url, titleOnlyStorySchema, json)
    : toArticle(parseContent(url, articleSchema, json));
}
