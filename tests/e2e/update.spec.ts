import type { ChildProcess } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { freePort } from '../bench/support';
import { buildSite, serveSite } from '../support/site';
import { expect, expectNoAxeViolations, gotoReady, SEED_SLUG, test } from './fixtures';

/**
 * A deploy while a reader is mid-article. The site is built twice, the second time with a
 * changed stylesheet; one origin serves the first build, then the second. The new service
 * worker must wait, the page must offer the new version without reloading, and the reload the
 * reader chooses must keep their place. Runs in one worker (its own project): the builds are
 * made once, and the origin is shared.
 */
const root = resolve(import.meta.dirname, '../..');
const VERSION_PROPERTY = '--dispatch-test-version';

let work: string;
let port: number;
let server: ChildProcess | undefined;

test.describe.configure({ mode: 'serial' });
test.use({ serviceWorkers: 'allow' });

async function build(project: string, distDir: string) {
  await buildSite({ ...process.env, DISPATCH_DIST_DIR: distDir }, { cwd: project });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = await mkdtemp(join(tmpdir(), 'dispatch-e2e-update-'));
  const project = join(work, 'project');
  for (const entry of [
    'index.html',
    'vite.config.ts',
    'tsconfig.json',
    'package.json',
    'src',
    'public',
    'content',
  ]) {
    await cp(join(root, entry), join(project, entry), { recursive: true });
  }
  await symlink(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
  await build(project, join(work, 'v1'));
  // The second deploy changes one asset: the stylesheet.
  await appendFile(join(project, 'src/styles/global.css'), `\n:root { ${VERSION_PROPERTY}: 2; }\n`);
  await build(project, join(work, 'v2'));
  port = await freePort();
});

test.afterAll(async () => {
  await stopServer();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Serves one build on the shared origin, as a deploy would replace the files behind it. */
async function serve(version: 'v1' | 'v2') {
  await stopServer();
  server = await serveSite(join(work, version), port);
}

async function stopServer() {
  const running = server;
  server = undefined;
  if (!running || running.exitCode !== null) return;
  await new Promise<void>((done) => {
    running.once('exit', () => done());
    running.kill();
  });
}

/** The paragraph at the top of the view, below the sticky header: where the reader is. */
function paragraphAtTop(page: Page): Promise<number> {
  return page.evaluate(() => {
    const headerBottom = document.querySelector('.site-header')!.getBoundingClientRect().bottom;
    const paragraphs = [...document.querySelectorAll('.article-body p')];
    return paragraphs.findIndex((p) => p.getBoundingClientRect().bottom > headerBottom);
  });
}

const version = (page: Page) =>
  page.evaluate(
    (property) => getComputedStyle(document.documentElement).getPropertyValue(property).trim(),
    VERSION_PROPERTY,
  );

for (const viewport of [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1440, height: 900 },
]) {
  test(`a new version waits for the reader, and reloading keeps their place (${viewport.name})`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await serve('v1');
    const articleUrl = `http://127.0.0.1:${port}/articles/${SEED_SLUG}`;
    await gotoReady(page, articleUrl);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
      .toBe(true);
    expect(await version(page)).toBe('');

    // The reader is mid-article.
    await page
      .locator('.article-body p')
      .nth(7)
      .evaluate((p) => p.scrollIntoView());
    const place = await paragraphAtTop(page);
    expect(place).toBeGreaterThan(0);
    await page.evaluate(
      () => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true),
    );

    // The deploy; the tab checks for a new version when it is shown again.
    await serve('v2');
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));

    const notice = page
      .getByRole('status')
      .filter({ hasText: 'A new version of Dispatch is ready.' });
    await expect(notice).toBeVisible();
    expect(
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return {
          waiting: Boolean(registration?.waiting),
          sameDocument: (window as unknown as { __sameDocument?: boolean }).__sameDocument,
        };
      }),
    ).toEqual({ waiting: true, sameDocument: true });
    await expectNoAxeViolations(page);
    // Nothing moved under the reader, and the old version still runs.
    expect(await paragraphAtTop(page)).toBe(place);
    expect(await version(page)).toBe('');

    const reloaded = page.waitForEvent('load');
    await notice.getByRole('button', { name: 'Reload for the new version' }).click();
    await reloaded;
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBeUndefined();
    await page.locator('html[data-app="ready"]').waitFor();
    expect(await version(page)).toBe('2');
    await expect.poll(() => paragraphAtTop(page)).toBe(place);
    await expect(page.getByRole('status').filter({ hasText: 'A new version' })).toHaveCount(0);
  });
}
