// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Block, Figure, Picture } from '../../../src/content/nodes';
import type { ArticleDocument } from '../../../src/content/schema';
import { buildArticle, type PictureLookup } from '../../../src/ingest/build-story';
import { Diagnostics } from '../../../src/ingest/errors';
import type { StoryMeta } from '../../../src/ingest/meta';
import { plainRich, type SourceBlock, type SourceStory } from '../../../src/ingest/source';

const files = { source: 'story.md', meta: 'story.meta.json' };

/** A described picture for each file, as the build's lookup gives one. */
const lookup: PictureLookup = (file, focus) => ({
  id: file.slice(0, 16),
  width: 1600,
  height: 1067,
  widths: [360, 560, 840, 1120, 1600],
  placeholder: 'data:image/webp;base64,UklGRg==',
  ...(focus ? { focus } : {}),
});

let line = 0;
const paragraph = (text: string): SourceBlock => {
  line += 1;
  return { kind: 'paragraph', rich: plainRich(text, { line, column: 1 }), line, column: 1 };
};
const heading = (text: string): SourceBlock => ({
  kind: 'heading',
  level: 2,
  text,
  line,
  column: 1,
});
const figure = (key: string, extra: Partial<Extract<SourceBlock, { kind: 'figure' }>> = {}) => {
  line += 1;
  return {
    kind: 'figure' as const,
    picture: { key, candidates: [key] },
    alt: `The ${key}`,
    line,
    column: 1,
    ...extra,
  };
};

/** A story with a picture before the first heading and one after it. */
function story(blocks?: SourceBlock[]): SourceStory {
  line = 0;
  return {
    headline: 'Pictures of the harbour',
    blocks: blocks ?? [
      paragraph('The harbour opened on Monday.'),
      figure('quay.jpg'),
      paragraph('Boats came in.'),
      heading('Reaction'),
      paragraph('Residents were pleased.'),
      figure('boats.jpg'),
    ],
    related: [],
  };
}

const images = {
  'quay.jpg': { file: 'aaaaaaaaaaaaaaaa0000.jpg' },
  'boats.jpg': { file: 'bbbbbbbbbbbbbbbb0000.jpg', focus: { x: 0.2, y: 0.7 } },
};

function build(meta: StoryMeta, source = story(), pictures: PictureLookup | null = lookup) {
  const diagnostics = new Diagnostics(files.source);
  const article = buildArticle('harbour', source, meta, files, diagnostics, pictures ?? undefined);
  return { article, figures: allFigures(article), warnings: diagnostics.warnings };
}

/** Every figure, in reading order, nested ones too. */
const figuresOf = (blocks: readonly Block[]): Figure[] =>
  blocks.flatMap((block) =>
    block.type === 'figure'
      ? [block]
      : block.type === 'list'
        ? block.items.flatMap(figuresOf)
        : block.type === 'blockquote'
          ? figuresOf(block.blocks)
          : [],
  );
const allFigures = (article: ArticleDocument): Figure[] =>
  article.sections.flatMap((section) => figuresOf(section.blocks));
const picture = (id: string, focus?: Picture['focus']) =>
  expect.objectContaining({ id, ...(focus ? { focus } : {}) });

describe('a story’s pictures in its JSON', () => {
  it('gives each figure the picture its metadata names, the focus with it', () => {
    const { figures: found, warnings } = build({ images });
    expect(found).toEqual([
      expect.objectContaining({ picture: picture('aaaaaaaaaaaaaaaa'), alt: 'The quay.jpg' }),
      expect.objectContaining({
        picture: picture('bbbbbbbbbbbbbbbb', { x: 0.2, y: 0.7 }),
      }),
    ]);
    expect(warnings).toEqual([]);
  });

  it('leads with the first picture before the first heading', () => {
    const { figures: found } = build({ images });
    expect(found.map((each) => each.lead)).toEqual([true, undefined]);
  });

  it('has no lead when the only pictures are under a heading', () => {
    const { figures: found } = build(
      { images },
      story([paragraph('Opening.'), heading('Reaction'), paragraph('Text.'), figure('quay.jpg')]),
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.picture).toBeDefined();
    expect(found[0]!.lead).toBeUndefined();
  });

  it('leads with the picture the metadata names, or none for null', () => {
    expect(build({ images, leadPicture: 'boats.jpg' }).figures.map((each) => each.lead)).toEqual([
      undefined,
      true,
    ]);
    const none = build({ images, leadPicture: null });
    expect(none.figures.map((each) => each.lead)).toEqual([undefined, undefined]);
    expect(none.figures.every((each) => each.picture)).toBe(true);
  });

  it('warns at the metadata file when the lead it names is no picture of the story', () => {
    const { figures: found, warnings } = build({ images, leadPicture: 'missing.jpg' });
    expect(found.map((each) => each.lead)).toEqual([undefined, undefined]);
    expect(warnings).toEqual([
      expect.objectContaining({
        file: 'story.meta.json',
        message: expect.stringMatching(/missing\.jpg/),
      }),
    ]);
  });

  it('keeps the source’s decorative mark and the published address', () => {
    const { figures: found } = build(
      { images },
      story([
        figure('quay.jpg', {
          decorative: true,
          alt: undefined,
          imageUrl: 'https://example.com/q.jpg',
        }),
      ]),
    );
    expect(found[0]).toMatchObject({
      decorative: true,
      image: { url: 'https://example.com/q.jpg' },
      picture: picture('aaaaaaaaaaaaaaaa'),
      lead: true,
    });
  });

  it('keeps a figure whose picture is not fetched yet, with its words, and warns once at the figure', () => {
    const source = story([
      paragraph('Opening.'),
      figure('unfetched.jpg', {
        caption: plainRich('Boats at dawn', { line: 9, column: 1 }),
        credit: 'Photograph: A. Okafor',
      }),
    ]);
    const { figures: found, warnings } = build({ images }, source);
    expect(found).toEqual([
      {
        type: 'figure',
        alt: 'The unfetched.jpg',
        caption: [{ type: 'text', text: 'Boats at dawn' }],
        credit: 'Photograph: A. Okafor',
      },
    ]);
    expect(warnings).toEqual([
      {
        file: 'story.md',
        line: 2,
        column: 1,
        message:
          'the picture unfetched.jpg is not in content/images yet: `npm run ingest` story.md again to fetch it',
      },
    ]);
  });

  it('gives no picture and no warning without the build’s lookup (ingest’s preview)', () => {
    const source = story([paragraph('Opening.'), figure('unfetched.jpg'), figure('quay.jpg')]);
    const { figures: found, warnings } = build({ images }, source, null);
    expect(found.map((each) => each.picture)).toEqual([undefined, undefined]);
    expect(found.map((each) => each.lead)).toEqual([undefined, undefined]);
    expect(warnings).toEqual([]);
  });

  it('gives no picture where the build could not make one, and leads with the next', () => {
    const { figures: found } = build({ images }, story(), (file, focus) =>
      file.startsWith('aaaa') ? undefined : lookup(file, focus),
    );
    expect(found.map((each) => each.picture?.id)).toEqual([undefined, 'bbbbbbbbbbbbbbbb']);
    // The one with a picture stands under a heading: no lead.
    expect(found.map((each) => each.lead)).toEqual([undefined, undefined]);
  });
});
