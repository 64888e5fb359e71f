import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * A prerendered page inlines only the stylesheet rules its markup can use (build/page-css.ts);
 * the app adds the whole sheet before it hydrates. The page must look the same with either: for
 * every element (and its ::before and ::after), each computed property with only the inlined
 * rules equals the one with the whole sheet too. Run without the app (its scripts and the
 * sheet's file refused), in the default reading settings and in dark, large, roomy ones (set on
 * `html` by a script before the first paint, so rules for them are always inlined).
 */

/** One of each kind of prerendered page, from the sitemap, and the not-found pages. */
async function pagesToCheck(baseURL: string): Promise<string[]> {
  const sitemap = await (await fetch(`${baseURL}/sitemap.xml`)).text();
  const urls = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map(
    (match) => new URL(match[1]!.replace(/&amp;/g, '&')).pathname + new URL(match[1]!).search,
  );
  const first = (pattern: RegExp) => {
    const url = urls.find((candidate) => pattern.test(candidate));
    if (!url) throw new Error(`the sitemap has no page like ${pattern}`);
    return url;
  };
  return [
    '/',
    first(/^\/saved$/),
    first(/^\/search$/),
    first(/^\/articles\/[^/]+$/),
    first(/\/sections\/[^/]+$/),
    first(/\/quotes$/),
    first(/\/quotes\?speaker=/),
    first(/\/quotes\/[^/?]+$/),
    '/no-such-page',
    `${first(/\/sections\/[^/]+$/).replace(/\/[^/]+$/, '')}/no-such-section`,
  ];
}

/**
 * Every computed property of every element and pseudo-element, by position in the document;
 * but the properties a scroll-driven animation sets (the reading progress bar's transform),
 * which say where the page is scrolled to, not what its rules are, and a page that lands on a
 * section may still be scrolling to it.
 */
function computedStyles(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const scrollDriven = new Map<Element, Set<string>>();
    for (const animation of document.getAnimations()) {
      const effect = animation.effect as KeyframeEffect | null;
      if (!(animation.timeline instanceof ScrollTimeline) || !effect?.target) continue;
      const names = scrollDriven.get(effect.target) ?? new Set<string>();
      for (const keyframe of effect.getKeyframes()) {
        for (const name of Object.keys(keyframe)) {
          names.add(name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));
        }
      }
      scrollDriven.set(effect.target, names);
    }
    const out: string[] = [];
    // The body's elements (the sheet's link is added to the head).
    const elements = [
      document.documentElement,
      document.body,
      ...document.body.querySelectorAll('*'),
    ];
    elements.forEach((element, index) => {
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(element, pseudo);
        // A pseudo-element with no content is not drawn.
        if (pseudo && /^(none|normal)$/.test(style.content)) continue;
        const values: string[] = [];
        const animated = pseudo ? undefined : scrollDriven.get(element);
        for (let at = 0; at < style.length; at += 1) {
          const name = style.item(at);
          if (animated?.has(name)) continue;
          values.push(`${name}:${style.getPropertyValue(name)}`);
        }
        out.push(`${index} ${element.tagName}${pseudo ?? ''} ${values.join(';')}`);
      }
    });
    return out;
  });
}

const SETTINGS = [
  {},
  {
    'data-reading-theme': 'dark',
    'data-reading-size': '5',
    'data-reading-font': 'sans',
    'data-reading-spacing': 'roomy',
  },
];

test('a page looks the same with its inlined rules as with the whole stylesheet', async ({
  page,
  baseURL,
  consoleWatch,
}) => {
  test.setTimeout(120_000);
  // The app and the sheet are refused, so only the inlined rules apply; then the sheet is added.
  consoleWatch.allow(/Failed to load resource|status of 404/);
  let sheetAllowed = false;
  await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
  await page.route(/\/assets\/.*\.css$/, (route) =>
    sheetAllowed ? route.continue() : route.abort(),
  );
  for (const url of await pagesToCheck(baseURL!)) {
    for (const attributes of SETTINGS) {
      await page.goto(url);
      const sheet = await page.evaluate((settings) => {
        for (const [name, value] of Object.entries(settings)) {
          document.documentElement.setAttribute(name, value);
        }
        const bootstrap = document.querySelector('script[data-css]');
        return (JSON.parse(bootstrap?.getAttribute('data-css') ?? '[]') as string[])[0];
      }, attributes);
      const inlined = await computedStyles(page);
      sheetAllowed = true;
      const href =
        sheet ??
        (await page.evaluate(async () => {
          // A page with no app (a not-found page) names no sheet: the shell links it.
          const shell = await (await fetch('/shell.html')).text();
          return /<link rel="stylesheet"[^>]*href="([^"]+)"/.exec(shell)![1]!;
        }));
      await page.addStyleTag({ url: href });
      const whole = await computedStyles(page);
      sheetAllowed = false;
      const label = `${url} ${JSON.stringify(attributes)}`;
      expect(inlined.length, label).toBe(whole.length);
      const differences = inlined.filter((line, index) => line !== whole[index]);
      expect(differences.slice(0, 3), label).toEqual([]);
    }
  }
});
