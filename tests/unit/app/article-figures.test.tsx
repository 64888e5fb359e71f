import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { toArticle } from '../../../src/content/article';
import { articleSchema } from '../../../src/content/schema';
import { articleHead } from '../../../src/features/article/article-head';
import { ArticleView } from '../../../src/features/article/article-view';
import { headTags } from '../../../src/lib/head-tags';
import { PICTURE_SIZES } from '../../../src/lib/pictures';

const picture = (id: string, width = 2400, height = 1600) => ({
  id,
  width,
  height,
  widths: width >= 1680 ? [360, 560, 840, 1120, 1680] : [360, width],
  placeholder: 'data:image/webp;base64,UklGRhoAAABXRUJQ',
});

const words = (text: string) => [{ type: 'text', text }];

function renderStory(blocks: unknown[]) {
  const article = toArticle(
    v.parse(articleSchema, {
      slug: 'story',
      headline: { text: 'The sea wall', origin: 'published' },
      sections: [{ blocks }],
      related: [],
    }),
  );
  render(
    <MemoryRouter>
      <ArticleView article={article} />
    </MemoryRouter>,
  );
  return { article, view: screen.getByRole('article', { name: 'The sea wall' }) };
}

describe('figures in a story', () => {
  it('show the picture in every format and width, its size reserved, the lead first and at once', () => {
    const { view } = renderStory([
      {
        type: 'figure',
        picture: picture('0123456789abcdef'),
        lead: true,
        alt: 'The sea wall at high tide',
        caption: [
          ...words('Waves over the wall, as '),
          { type: 'link', url: 'https://example.com/report', content: words('the report') },
          ...words(' warned.'),
        ],
        credit: 'Photograph: Ada Brennan/Harbour Times',
      },
      { type: 'paragraph', content: words('Words.') },
      {
        type: 'figure',
        picture: picture('fedcba9876543210', 500, 400),
        alt: 'The quay',
      },
    ]);
    const [lead, later] = within(view).getAllByRole('img', { name: /./ }) as [
      HTMLImageElement,
      HTMLImageElement,
    ];
    expect(lead).toHaveAccessibleName('The sea wall at high tide');
    expect(lead).toHaveAttribute('fetchpriority', 'high');
    expect(lead).not.toHaveAttribute('loading');
    expect(lead).toHaveAttribute('width', '2400');
    expect(lead).toHaveAttribute('height', '1600');
    expect(lead).toHaveAttribute('sizes', PICTURE_SIZES);
    expect(lead.getAttribute('src')).toBe('/assets/pictures/0123456789abcdef-560.jpg');
    expect(lead.getAttribute('srcset')).toContain(
      '/assets/pictures/0123456789abcdef-1680.jpg 1680w',
    );
    const sources = [...lead.parentElement!.querySelectorAll('source')];
    expect(sources.map((source) => source.getAttribute('type'))).toEqual([
      'image/avif',
      'image/webp',
    ]);
    expect(sources[0]!.getAttribute('srcset')).toBe(
      [360, 560, 840, 1120, 1680]
        .map((width) => `/assets/pictures/0123456789abcdef-${width}.avif ${width}w`)
        .join(', '),
    );
    expect(later).toHaveAttribute('loading', 'lazy');
    expect(later).toHaveAttribute('decoding', 'async');
    expect(later).not.toHaveAttribute('fetchpriority');

    const figure = lead.closest('figure')!;
    const caption = within(figure).getByText(/Waves over the wall/);
    expect(within(caption).getByRole('link', { name: 'the report' })).toHaveAttribute(
      'href',
      'https://example.com/report',
    );
    expect(figure.querySelector('.story-figure-credit')).toHaveTextContent(
      'Photograph: Ada Brennan/Harbour Times',
    );
    // The placeholder sits behind it, silent, with the same box.
    const placeholder = figure.querySelector('.story-picture-placeholder')!;
    expect(placeholder).toHaveAttribute('alt', '');
    expect(placeholder).toHaveAttribute('width', '2400');
  });

  it('keep alt text, caption and credit in place of a picture that could not be had', () => {
    const { view } = renderStory([
      {
        type: 'figure',
        image: { url: 'https://example.com/gone.jpg' },
        alt: 'The old ferry',
        caption: words('The ferry in 1962.'),
        credit: 'Archive',
      },
    ]);
    expect(within(view).queryByRole('img')).toBeNull();
    const figure = view.querySelector('figure')!;
    expect(figure).toHaveTextContent('Picture The old ferry');
    expect(figure.querySelector('figcaption')).toHaveTextContent('The ferry in 1962. Archive');
  });

  it('leave a decorative picture out of the outline, with an empty alt', () => {
    const { view } = renderStory([
      { type: 'figure', picture: picture('00000000000000aa', 800, 40), decorative: true },
      { type: 'paragraph', content: words('Words.') },
    ]);
    expect(view.querySelector('figure')).toBeNull();
    const image = view.querySelector('.article-body picture img')!;
    expect(image).toHaveAttribute('alt', '');
    expect(within(view).queryByRole('img')).toBeNull();
  });

  it('share the lead picture, cropped, in place of the drawn card; without one, the card', () => {
    const { article } = renderStory([
      { type: 'figure', picture: picture('0123456789abcdef'), lead: true, alt: 'The sea wall' },
      { type: 'paragraph', content: words('Words.') },
    ]);
    const tags = headTags(articleHead(article));
    const content = (key: string) =>
      tags.find((tag) => tag.attributes.property === key || tag.attributes.name === key)?.attributes
        .content;
    expect(content('og:image')).toMatch(/\/assets\/pictures\/0123456789abcdef-share\.jpg$/);
    expect(content('og:image:type')).toBe('image/jpeg');
    expect(content('og:image:width')).toBe('1200');
    expect(content('og:image:height')).toBe('630');
    expect(content('og:image:alt')).toBe('The sea wall');
    expect(content('twitter:image')).toBe(content('og:image'));
    const jsonLd = JSON.parse(tags.find((tag) => tag.tag === 'script')!.text!) as {
      image: string[];
    };
    expect(jsonLd.image).toEqual([content('og:image')]);
  });

  it('share the drawn card when the story has no lead picture', () => {
    const { article } = renderStory([
      { type: 'paragraph', content: words('Words.') },
      { type: 'figure', picture: picture('0123456789abcdef'), alt: 'Not the lead' },
    ]);
    const image = headTags(articleHead(article)).find(
      (tag) => tag.attributes.property === 'og:image',
    );
    expect(image?.attributes.content).toMatch(/\/assets\/cards\/[0-9a-f]{16}\.png$/);
  });
});
