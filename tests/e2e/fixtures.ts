import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export const SEED_SLUG = 'zelenskyy-ready-to-step-down-for-peace-and-nato-membership';
export const SEED_HEADLINE =
  'Zelenskyy says he is ready to step down for peace and NATO membership';

export interface ConsoleWatch {
  /** Console errors and warnings, and uncaught page errors, in order. */
  problems: string[];
  /** Marks problems a test provokes on purpose (a failed request, say) as expected. */
  allow: (pattern: RegExp) => void;
}

interface Fixtures {
  /** Skips every test of a project that cannot run here, naming why (playwright.config.ts). */
  projectAvailable: void;
  /** Fails the test if the page logs an error or warning that the test did not allow. */
  consoleWatch: ConsoleWatch;
}

export const test = base.extend<Fixtures>({
  projectAvailable: [
    async ({}, use, testInfo) => {
      const unavailable = (testInfo.project.metadata as { unavailable?: string }).unavailable;
      testInfo.skip(unavailable !== undefined, unavailable);
      await use();
    },
    { auto: true },
  ],
  consoleWatch: [
    async ({ page }, use) => {
      const problems: string[] = [];
      const allowed: RegExp[] = [
        // Playwright's own notice where service workers are blocked (all specs but offline).
        /Service Worker registration blocked by Playwright/,
        // Chromium on Linux has no Web Share, so it does not know the Permissions-Policy
        // feature that keeps sharing on for the site where it exists (Android, macOS, Windows).
        /Permissions-Policy header: Unrecognized feature: 'web-share'/,
      ];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') {
          problems.push(`${message.type()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      await use({ problems, allow: (pattern) => allowed.push(pattern) });
      const unexpected = problems.filter(
        (problem) => !allowed.some((pattern) => pattern.test(problem)),
      );
      expect(unexpected, 'console errors or warnings').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** WCAG 2.2 A and AA rules; a violation fails the test with axe's own description. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
  expect(summary).toEqual([]);
}

/** Loads a URL and waits until the app has hydrated, for tests of client-side behaviour. */
export async function gotoReady(page: Page, url: string) {
  const response = await page.goto(url);
  await page.locator('html[data-app="ready"]').waitFor();
  return response;
}

/** Storage the browser refuses, as it does when a reader blocks site data: every access throws. */
export async function blockLocalStorage(page: Page) {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
}

export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Collects layout-shift entries from the start of the page's life; read with `layoutShift`. */
export async function recordLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    const win = window as unknown as { __cls: number };
    win.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceEntry[] &
        { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) win.__cls += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

export function layoutShift(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __cls: number }).__cls);
}

/** A section deep link has landed: its heading is focused, below the header, in the top half. */
export async function expectLandedOn(page: Page, heading: string) {
  const target = page.getByRole('heading', { level: 2, name: heading });
  await expect(target).toBeFocused();
  await expect
    .poll(async () => {
      const { top, headerBottom, viewport } = await target.evaluate((element) => ({
        top: element.getBoundingClientRect().top,
        headerBottom: document.querySelector('.site-header')!.getBoundingClientRect().bottom,
        viewport: window.innerHeight,
      }));
      return top >= headerBottom && top <= viewport / 2;
    })
    .toBe(true);
}

/** An article body's headings and paragraphs as text, without the controls among them. */
export function articleBodyLines(body: Locator): Promise<(string | null)[]> {
  return body.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const control of copy.querySelectorAll('button, [role="status"]')) control.remove();
    return [...copy.querySelectorAll('h2, p')].map((block) => block.textContent);
  });
}
