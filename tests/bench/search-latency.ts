/**
 * Time from keystroke to results on the search page, in headless Chromium at 4× CPU slowdown:
 * the reader is on `/search`, types the last letter of a query, and the clock stops when the
 * announced count names that query. Also the size of the Pagefind index the build wrote.
 * `npm run bench:search` measures the seed edition; `npm run bench:build` the 1,000-story one.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { isPrecompressedCopy } from '../../src/server/site-rules';
import { CHROMIUM_FLAGS, startServer, systemChromium, type Cleanup } from './support';

const CPU_SLOWDOWN = 4;

/**
 * The index (its meta, word index and fragment files) apart from Pagefind's runtime; the
 * build's `.br` and `.gz` copies of Pagefind's scripts and JSON are not counted.
 */
export async function indexBytes(
  distDir: string,
): Promise<{ total: number; index: number; files: number }> {
  let total = 0;
  let index = 0;
  let files = 0;
  const entries = await readdir(join(distDir, 'pagefind'), {
    withFileTypes: true,
    recursive: true,
  });
  for (const entry of entries) {
    if (!entry.isFile() || isPrecompressedCopy(entry.name)) continue;
    const bytes = (await stat(join(entry.parentPath, entry.name))).size;
    files += 1;
    total += bytes;
    if (!/\.js$|^wasm\./.test(entry.name)) index += bytes;
  }
  return { total, index, files };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Median keystroke-to-results time over the queries, each typed on a fresh page: the first
 * search of a page loads Pagefind and its index (`first_ms`); the next query on the same page
 * is a warm search (`warm_ms`). Each is typed all but its last letter, then the last key.
 */
export async function measureSearch(
  distDir: string,
  queries: readonly string[],
  onCleanup: (cleanup: Cleanup) => void,
  log: (...args: unknown[]) => void,
): Promise<{ first_ms: number; warm_ms: number; runs: number }> {
  const origin = await startServer({ distDir, readyPath: '/search', onCleanup, log });
  const chromiumPath = systemChromium();
  const browser = await chromium.launch(
    chromiumPath ? { executablePath: chromiumPath, args: CHROMIUM_FLAGS } : {},
  );
  onCleanup(() => void browser.close());
  const first: number[] = [];
  const warm: number[] = [];
  try {
    for (const [index, query] of queries.entries()) {
      const next = queries[(index + 1) % queries.length]!;
      const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      await page.goto(`${origin}/search`);
      await page.locator('html[data-app="ready"]').waitFor();
      const field = page.getByRole('searchbox', { name: 'Search stories' });
      for (const [times, typed] of [
        [first, query],
        [warm, next],
      ] as const) {
        await field.fill(typed.slice(0, -1));
        const elapsed = await page.evaluate(
          (expected) =>
            new Promise<number>((resolve) => {
              const status = document.querySelector('[role="status"]')!;
              const started = performance.now();
              const observer = new MutationObserver(() => {
                if (status.textContent?.includes(`“${expected}”`)) {
                  observer.disconnect();
                  resolve(performance.now() - started);
                }
              });
              observer.observe(status, { childList: true, subtree: true, characterData: true });
              const field = document.querySelector<HTMLInputElement>('#site-search')!;
              // The last keystroke, as the browser delivers it.
              field.focus();
              document.execCommand('insertText', false, expected.slice(-1));
            }),
          typed,
        );
        times.push(elapsed);
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return {
    first_ms: Math.round(median(first)),
    warm_ms: Math.round(median(warm)),
    runs: queries.length,
  };
}
