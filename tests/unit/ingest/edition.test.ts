// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { StorySource } from '../../../src/ingest/content-dir';
import { buildEdition, STORIES_PER_PAGE } from '../../../src/ingest/edition';

function story(
  slug: string,
  headline: string,
  published?: string,
  related: string[] = [],
): StorySource {
  const text = [`The story of ${headline}, told in one line.`, 'Related Stories:', ...related].join(
    '\n',
  );
  return {
    slug,
    sourceFile: `${slug}.txt`,
    metaFile: `${slug}.meta.json`,
    text,
    meta: { headline, ...(published ? { published } : {}) },
  };
}

const build = (stories: StorySource[], lead?: string) =>
  buildEdition(stories, lead ? { lead } : {}, 'edition.json');

describe('the edition', () => {
  it('lists stories newest first, the undated after them, and the lead apart', () => {
    const { files } = build([
      story('old', 'Old', '2026-01-01T00:00:00Z'),
      story('undated', 'Undated'),
      story('new', 'New', '2026-03-01T00:00:00Z'),
      story('middle', 'Middle', '2026-02-01T00:00:00Z'),
    ]);
    const page = files.get('edition/1.json') as {
      lead: { slug: string };
      stories: { slug: string }[];
    };
    expect(page.lead.slug).toBe('new');
    expect(page.stories.map((entry) => entry.slug)).toEqual(['middle', 'old', 'undated']);
  });

  it('takes the lead the editors chose, and refuses one that is not in the edition', () => {
    const stories = [story('a', 'A', '2026-01-01T00:00:00Z'), story('b', 'B')];
    const page = build(stories, 'b').files.get('edition/1.json') as { lead: { slug: string } };
    expect(page.lead.slug).toBe('b');
    expect(() => build(stories, 'c')).toThrow(
      /^edition\.json:1:1: the lead story “c” is not in the edition/,
    );
  });

  it(`pages the list, ${STORIES_PER_PAGE} stories a page`, () => {
    const stories = Array.from({ length: 2 * STORIES_PER_PAGE + 2 }, (_, index) =>
      story(`s-${index}`, `Story ${index}`, new Date(Date.UTC(2026, 0, 1 + index)).toISOString()),
    );
    const { files } = build(stories);
    const pages = [1, 2, 3].map(
      (n) => files.get(`edition/${n}.json`) as { stories: unknown[]; pageCount: number },
    );
    expect(pages.map((page) => page.stories.length)).toEqual([20, 20, 1]);
    expect(pages.every((page) => page.pageCount === 3)).toBe(true);
    expect(files.has('edition/4.json')).toBe(false);
  });

  it('links a related title to the story of that headline, and keeps the others title-only', () => {
    const { files } = build([
      story('bridge', 'Bridge closes', '2026-01-02T00:00:00Z', ['Ferry Opens', 'bridge  CLOSES']),
      story('ferry', 'Ferry opens', '2026-01-01T00:00:00Z', ['A Story Nobody Has']),
    ]);
    const bridge = files.get('articles/bridge.json') as {
      related: { slug: string; title: string }[];
    };
    expect(bridge.related).toEqual([
      { slug: 'ferry', title: 'Ferry Opens' },
      { slug: 'bridge', title: 'bridge  CLOSES' },
    ]);
    expect(files.get('articles/a-story-nobody-has.json')).toEqual({
      slug: 'a-story-nobody-has',
      availability: 'title-only',
      headline: { text: 'A Story Nobody Has', origin: 'published' },
      relatedTo: [{ slug: 'ferry', headline: 'Ferry opens' }],
      others: [],
    });
  });

  it('never gives a title-only story a full story’s URL', () => {
    const { files } = build([
      story('ferry-opens', 'Ferry opens today', '2026-01-02T00:00:00Z', ['Ferry Opens']),
    ]);
    expect(files.get('articles/ferry-opens-2.json')).toMatchObject({ availability: 'title-only' });
    expect(files.get('articles/ferry-opens.json')).toMatchObject({
      headline: { text: 'Ferry opens today' },
    });
  });
});

describe('links between the edition’s stories', () => {
  const markdown = (slug: string, text: string, url?: string): StorySource => ({
    slug,
    sourceFile: `${slug}.md`,
    metaFile: `${slug}.meta.json`,
    text: `# ${slug}\n\n${text}\n`,
    meta: url ? { url } : {},
  });

  it('open a story of the edition here when they link to the address it was published at', () => {
    const { articles, warnings } = build([
      markdown('earlier', 'The first report.', 'https://news.example/2026/earlier-report'),
      markdown(
        'later',
        'As [we reported](http://news.example/2026/earlier-report/#top), and [elsewhere](https://other.example/).',
      ),
    ]);
    const later = articles.find((article) => article.slug === 'later')!;
    expect(later.sections[0]!.blocks[0]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'As ' },
        {
          type: 'link',
          url: 'http://news.example/2026/earlier-report/#top',
          story: 'earlier',
          content: [{ type: 'text', text: 'we reported' }],
        },
        { type: 'text', text: ', and ' },
        {
          type: 'link',
          url: 'https://other.example/',
          content: [{ type: 'text', text: 'elsewhere' }],
        },
        { type: 'text', text: '.' },
      ],
    });
    expect(warnings).toEqual([]);
  });

  it('collects what the sources hold that stayed text, located in them', () => {
    const { warnings } = build([markdown('one', 'It said “never closed.')]);
    expect(warnings).toEqual([
      {
        file: 'one.md',
        line: 3,
        column: 9,
        message: 'unmatched “: the quotation it opens is never closed',
      },
    ]);
  });
});
