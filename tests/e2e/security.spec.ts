import type { Page, Response } from '@playwright/test';
import { expect, gotoReady, SEED_HEADLINE, SEED_SLUG, test } from './fixtures';

const articlePath = `/articles/${SEED_SLUG}`;
const SECTION = 'growing-tensions-with-the-us';

/** Every `securitypolicyviolation` the page reports (CSP and Trusted Types alike), from its start. */
async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    const win = window as unknown as { __violations: string[] };
    win.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      win.__violations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}: ${event.sample}`,
      );
    });
  });
}

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

/** The directives of a CSP header, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...values]) => [name, values]),
  );
}

function expectSecurityHeaders(response: Response | null) {
  const headers = response?.headers() ?? {};
  const csp = directives(headers['content-security-policy'] ?? '');
  for (const name of ['script-src', 'style-src']) {
    expect(csp.get(name), name).toContain("'self'");
    expect(csp.get(name), name).not.toContain("'unsafe-inline'");
    expect(csp.get(name), name).not.toContain("'unsafe-eval'");
  }
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(csp.get('require-trusted-types-for')).toEqual(["'script'"]);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy']).toMatch(/web-share=\(self\)/);
  expect(headers['permissions-policy']).toMatch(/clipboard-write=\(self\)/);
  expect(headers['permissions-policy']).toMatch(/camera=\(\)/);
}

/** Each kind of page, loaded cold; `ready` false for pages that run no app (the 404 pages). */
const PAGES: { name: string; path: string; status: number; ready?: false }[] = [
  { name: 'front page', path: '/', status: 200 },
  { name: 'article', path: articlePath, status: 200 },
  { name: 'article with a fragment', path: `${articlePath}#${SECTION}`, status: 200 },
  { name: 'section share page', path: `${articlePath}/sections/${SECTION}`, status: 200 },
  { name: 'quote gallery', path: `${articlePath}/quotes`, status: 200 },
  { name: 'speaker filter', path: `${articlePath}/quotes?speaker=donald-trump`, status: 200 },
  {
    name: 'unknown speaker (app shell)',
    path: `${articlePath}/quotes?speaker=nobody`,
    status: 200,
  },
  { name: 'unknown section', path: `${articlePath}/sections/nope`, status: 404, ready: false },
  { name: 'unknown quotation', path: `${articlePath}/quotes/nope`, status: 404, ready: false },
  { name: 'saved stories', path: '/saved', status: 200 },
  { name: 'highlights page', path: '/highlights', status: 200 },
  { name: 'search', path: '/search?q=Zelenskyy', status: 200 },
  { name: 'unknown page', path: '/no-such-page', status: 404, ready: false },
];

test.describe('security headers and policy', { tag: ['@served', '@any-width'] }, () => {
  for (const { name, path, status, ready } of PAGES) {
    test(`the ${name} is served with the headers and breaks no policy`, async ({
      page,
      consoleWatch,
    }) => {
      // The browser logs the document's own 404 status.
      if (status === 404) consoleWatch.allow(/status of 404/);
      await recordViolations(page);
      const response = ready === false ? await page.goto(path) : await gotoReady(page, path);
      expect(response?.status()).toBe(status);
      expectSecurityHeaders(response);
      // Idle-time work (lazy modules, the manifest, offline reading) has run too.
      await page.waitForLoadState('networkidle');
      if (path.startsWith('/search')) {
        await expect(page.getByRole('status')).toContainText('matches “Zelenskyy”');
      }
      expect(await violations(page)).toEqual([]);
    });
  }

  test('client navigation across page kinds breaks no policy', async ({ page }) => {
    await recordViolations(page);
    await gotoReady(page, '/');
    await page.getByRole('link', { name: SEED_HEADLINE }).first().click();
    await expect(page).toHaveURL(articlePath);
    await page
      .getByRole('button', { name: `Save “${SEED_HEADLINE}”` })
      .first()
      .click();
    await page.getByRole('link', { name: '6 quotations from this story' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Quotes' })).toBeVisible();
    await page
      .getByRole('navigation', { name: 'Filter by speaker' })
      .getByRole('link', { name: 'Donald Trump (1)' })
      .click();
    await expect(page).toHaveURL(/speaker=donald-trump/);
    await page
      .getByRole('link', { name: /^Quote page/ })
      .first()
      .click();
    await expect(page).toHaveURL(new RegExp(`${articlePath}/quotes/[^/?]+$`));
    await page.getByRole('link', { name: 'All quotes from this story' }).click();
    await page
      .getByRole('link', { name: /^Read in context/ })
      .first()
      .click();
    await expect(page).toHaveURL(new RegExp(`^[^#]*${articlePath}#`));
    // A full load starts the record anew: what the client navigations so far did is checked now.
    await page.waitForLoadState('networkidle');
    expect(
      await violations(page),
      'article, save, gallery, filter, quote page, in context',
    ).toEqual([]);
    await page.goto('/search?q=missiles');
    await expect(page.getByRole('status')).toContainText('“missiles”');
    await page
      .getByRole('link', { name: /^Saved/ })
      .first()
      .click();
    await expect(page).toHaveURL('/saved');
    await expect(page.getByRole('link', { name: SEED_HEADLINE })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await violations(page), 'search, saved').toEqual([]);
  });

  test('Trusted Types are enforced: no string becomes HTML, and it is reported', async ({
    page,
    consoleWatch,
  }) => {
    consoleWatch.allow(/TrustedHTML/);
    await recordViolations(page);
    await gotoReady(page, articlePath);
    const outcome = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<img src=x onerror=alert(1)>';
        return 'assigned';
      } catch (error) {
        return error instanceof TypeError ? 'refused' : String(error);
      }
    });
    expect(outcome).toBe('refused');
    await expect
      .poll(() => violations(page))
      .toEqual([expect.stringMatching(/^require-trusted-types-for blocked/)]);
  });
});
