import { cleanup, screen } from '@testing-library/react';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { InvalidContentError } from '../../../src/content/errors';
import { readSection, splitStory } from '../../../src/content/story-parts';
import { parseStory, parseStoryInSlices } from '../../../src/content/validate';
import { paths } from '../../../src/lib/paths';
import { jsonResponse, readPublicJson, stubContentFetch } from '../../helpers/content-fetch';
import { renderApp } from '../../helpers/render-app';
import { SEED_SLUG } from '../../helpers/seed';

const seedUrl = `/content/articles/${SEED_SLUG}.json`;
const seed = readPublicJson(seedUrl);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Every place in a JSON value, as the keys and indexes leading to it. */
function placesIn(value: unknown, at: Path = []): Path[] {
  const here = [at];
  if (Array.isArray(value))
    return here.concat(value.flatMap((item, i) => placesIn(item, [...at, i])));
  if (value && typeof value === 'object') {
    return here.concat(
      Object.entries(value).flatMap(([key, item]) => placesIn(item, [...at, key])),
    );
  }
  return here;
}
const places = placesIn(seed);

/** The seed with the value at `path` replaced (or, for `undefined`, removed). */
function mutate(path: Path, replacement: Json | undefined): unknown {
  const copy = structuredClone(seed) as Json;
  if (path.length === 0) return replacement;
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

/** Arbitrary JSON, and the seed article broken in one place (closer to a real mistake). */
const documents = fc.oneof(
  fc.jsonValue(),
  fc
    .tuple(fc.constantFrom(...places), fc.option(fc.jsonValue(), { nil: undefined }))
    .map(([path, value]) => mutate(path, value as Json | undefined)),
);

describe('content from anywhere', () => {
  it('is a story or the typed "invalid content" error, never anything else', () => {
    fc.assert(
      fc.property(documents, (json) => {
        try {
          const story = parseStory(seedUrl, json);
          expect(['full', 'title-only']).toContain(story.availability ?? 'full');
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidContentError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is judged the same checked in slices as in one go, and from parts as whole', async () => {
    const outcome = async (parse: () => unknown) => {
      try {
        return { story: await parse() };
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidContentError);
        return { invalid: true };
      }
    };
    await fc.assert(
      fc.asyncProperty(documents, async (json) => {
        const whole = await outcome(() => parseStory(seedUrl, json));
        expect(await outcome(() => parseStoryInSlices(seedUrl, json))).toEqual(whole);
        // As a long story arrives from the worker: its sections apart, as encoded JSON.
        const { envelope } = splitStory(json);
        expect(await outcome(() => parseStoryInSlices(seedUrl, envelope, readSection))).toEqual(
          whole,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    {
      fault: 'an empty text inside a section',
      json: mutate(['sections', 2, 'blocks', 1, 'content', 0, 'text'], ''),
      expected: [{ path: 'sections.2.blocks.1.content.0.text', message: 'must not be empty' }],
    },
    {
      fault: 'a section after the opening without a heading',
      json: mutate(['sections', 1, 'heading'], undefined),
      expected: [{ path: '', message: 'only the opening section may have no heading' }],
    },
    {
      fault: 'two quotations with one id',
      json: (() => {
        const json = structuredClone(seed) as { sections: { blocks: { content: Json[] }[] }[] };
        const quotes = json.sections
          .flatMap((section) => section.blocks.flatMap((block) => block.content))
          .filter((node) => (node as { type?: string }).type === 'quote') as { id: string }[];
        quotes[1]!.id = quotes[0]!.id;
        return json;
      })(),
      expected: [{ path: '', message: 'quote ids must be unique within the article' }],
    },
  ])('reports $fault the same either way', async ({ json, expected }) => {
    const issues = async (parse: () => unknown) => {
      try {
        await parse();
      } catch (error) {
        return (error as InvalidContentError).issues;
      }
      return [];
    };
    expect(await issues(() => parseStory(seedUrl, json))).toEqual(expected);
    expect(await issues(() => parseStoryInSlices(seedUrl, json))).toEqual(expected);
  });

  it('never crashes the page: it renders the story or says the data is invalid', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await fc.assert(
      fc.asyncProperty(documents, async (json) => {
        stubContentFetch((url) => (url === seedUrl ? jsonResponse(json) : undefined));
        renderApp(paths.article.build(SEED_SLUG));
        const heading = await screen.findByRole('heading', { level: 1 });
        expect(heading.textContent).not.toBe('Something went wrong');
        let valid = true;
        try {
          parseStory(seedUrl, json);
        } catch {
          valid = false;
        }
        if (!valid) expect(heading).toHaveTextContent('This article’s data is invalid');
        cleanup();
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
