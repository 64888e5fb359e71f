import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { paths } from '../../../src/lib/paths';
import { stubContentFetch } from '../../helpers/content-fetch';
import { renderApp } from '../../helpers/render-app';
import { SEED_HEADINGS, SEED_SLUG, seedBodyLines, seedRelatedTitles } from '../../helpers/seed';

/**
 * The fidelity test: the article view shows the published text verbatim, in order, compared
 * with the copy of shared/seed/article.txt. Changing, adding or dropping one word fails it.
 */
describe('article view fidelity', () => {
  async function renderSeed() {
    stubContentFetch();
    renderApp(paths.article.build(SEED_SLUG));
    return screen.findByRole('article', { name: /zelenskyy says he is ready/i });
  }

  it('renders every heading and paragraph of the seed verbatim and in order', async () => {
    const article = await renderSeed();
    const body = article.querySelector('.article-body');
    expect(body).not.toBeNull();
    const rendered = [...body!.querySelectorAll('h2, p')].map((element) => element.textContent);
    expect(rendered).toEqual(seedBodyLines);
  });

  it('renders the related stories as published, after the body', async () => {
    const article = await renderSeed();
    const related = within(article).getByRole('complementary', { name: 'Related Stories' });
    const links = within(related).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(seedRelatedTitles);
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      '/articles/russia-and-ukraine-engage-in-major-prisoner-exchange',
      '/articles/russia-ukraine-war-marking-700-day',
      '/articles/ukraine-launches-us-supplied-long-range-missiles-into-russia-for-first-time',
    ]);
  });

  it('adds nothing to the published text but the editorial headline and reading time', async () => {
    const article = await renderSeed();
    const header = article.querySelector('header')!;
    expect(within(header).getByRole('heading', { level: 1 })).toHaveTextContent(
      'Zelenskyy says he is ready to step down for peace and NATO membership',
    );
    expect(header).toHaveTextContent('2 min read');
    const words = (text: string) => text.match(/\S+/g) ?? [];
    // Controls (share buttons and their announcements) are interface, not text: set them aside.
    const body = article.querySelector('.article-body')!.cloneNode(true) as HTMLElement;
    for (const control of body.querySelectorAll('button, [role="status"]')) control.remove();
    const bodyWords = [...body.querySelectorAll('h2, p')].flatMap((block) =>
      words(block.textContent ?? ''),
    );
    // Nothing stands outside the headings and paragraphs either.
    expect(bodyWords.length).toBe(
      [...body.querySelectorAll('section')].reduce(
        (count, section) =>
          count + [...section.children].flatMap((child) => words(child.textContent ?? '')).length,
        0,
      ),
    );
    expect(bodyWords).toEqual(words(seedBodyLines.join('\n')));
  });

  it('gives each section heading a stable id and one h1 for the page', async () => {
    const article = await renderSeed();
    expect(within(article).getAllByRole('heading', { level: 1 })).toHaveLength(1);
    const headings = within(article)
      .getAllByRole('heading', { level: 2 })
      .filter((heading) => SEED_HEADINGS.includes(heading.textContent ?? ''));
    expect(headings.map((heading) => heading.closest('section')?.id)).toEqual([
      'growing-tensions-with-the-us',
      'us-ukraine-deal-on-rare-earth-minerals',
      'ukraine-excluded-from-us-russia-talks',
      'russia-launches-largest-drone-attack-on-ukraine',
    ]);
    for (const heading of headings) {
      expect(within(article).getByRole('region', { name: heading.textContent! })).toContainElement(
        heading,
      );
    }
  });

  it('marks each quotation as a q whose description names the speaker', async () => {
    const article = await renderSeed();
    const quotes = [...article.querySelectorAll('q')];
    expect(quotes.map((quote) => quote.textContent)).toEqual([
      'If [it means] peace for Ukraine, if you really need me to leave my post, I am ready,',
      'I can exchange this for NATO [membership], if that condition is there, immediately.',
      'dictator',
      'The question of $500bn is no longer there,',
      'It will not be in the final format of the agreement.',
      'The war continues. Everyone capable of helping with air defense must work to enhance the protection of human life. We must do everything possible to bring a lasting and just peace to Ukraine,',
    ]);
    expect(quotes.map((quote) => quote.getAttribute('aria-describedby'))).toEqual(
      quotes.map((_, index) =>
        index === 2 ? 'speaker-donald-trump' : 'speaker-volodymyr-zelenskyy',
      ),
    );
    expect(quotes[2]).toHaveAccessibleDescription('Quotation from Donald Trump');
    expect(quotes[0]).toHaveAccessibleDescription('Quotation from Volodymyr Zelenskyy');
  });

  it('sets the page title to the headline', async () => {
    document.title = '';
    await renderSeed();
    // The head is written when its code has loaded (on demand).
    await waitFor(() =>
      expect(document.title).toBe(
        'Zelenskyy says he is ready to step down for peace and NATO membership · Dispatch',
      ),
    );
  });
});
