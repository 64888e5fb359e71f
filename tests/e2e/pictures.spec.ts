import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { chmod, cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import sharp from 'sharp';
import { SAVED_CACHE } from '../../src/lib/offline-cache';
import { chosenWidth, SHARE_PICTURE, shownWidth } from '../../src/lib/pictures';
import { freePort } from '../bench/support';
import { nginxBinary } from '../support/nginx';
import { buildSite, serveSite, untilAnswers } from '../support/site';
import {
  expect,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  gotoReady,
  layoutShift,
  recordLayoutShifts,
  test,
} from './fixtures';

/**
 * Pictures from ingest to the reader's screen: a saved page ("Save page, complete", with its
 * `_files` folder), a Markdown story with pictures beside it, and a page whose pictures are on
 * another server (one a picture, the others an SVG, a file that lies about its type and one too
 * large) are ingested into a copy of the content, built with an empty picture cache, and served.
 * Runs in one worker (its own project): the build is done once for all its tests.
 */
const root = resolve(import.meta.dirname, '../..');
const FIXTURES = join(root, 'tests/fixtures/pictures');
const run = promisify(execFile);

const PHOTOS = join(FIXTURES, 'harbour-photos.html');
const GALLERY = join(FIXTURES, 'river-gallery.md');

/** The most a downloaded picture may weigh in this run: the "too large" one streams past it. */
const MAX_BYTES = 1_000_000;

const VIEWPORTS = [
  { name: 'phone', width: 360, height: 740, density: 3, mobile: true },
  { name: 'desktop', width: 1440, height: 900, density: 1, mobile: false },
] as const;

let work: string;
let dist: string;
let origin: string;
let server: ChildProcess | undefined;
let remote: Server | undefined;
let remoteOrigin: string;
let warnings: string[] = [];
let slugs: { photos: string; gallery: string; remote: string };

/** The page whose pictures live on another server, written for this run's port. */
function remotePage(at: string): string {
  const paragraph = (text: string) => `<p>${text}</p>`;
  const filler = [
    'The ferry office on the north quay reopened on Monday after three weeks of repairs to its roof and its ramp.',
    'Passengers queued from seven in the morning, and by nine the first crossing of the day had filled every seat.',
    'The operator said the timetable would return to its summer pattern at the end of the month.',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ferry office reopens on the north quay | Quay Courier</title>
<link rel="canonical" href="https://courier.example/ferry-office-reopens">
<meta property="article:published_time" content="2026-11-30T08:00:00Z">
</head>
<body>
<article>
<h1>Ferry office reopens on the north quay</h1>
${filler.map(paragraph).join('\n')}
<figure>
<img src="${at}/photo.jpg" alt="The ferry office's new ramp at low tide">
<figcaption>The new ramp, finished on Friday. <span class="credit">Quay Courier</span></figcaption>
</figure>
${filler.map(paragraph).join('\n')}
<h2>What the repairs cost</h2>
${filler.map(paragraph).join('\n')}
<figure>
<img src="${at}/drawing.svg" alt="The architect's drawing of the ramp">
<figcaption>The drawing the council approved.</figcaption>
</figure>
<figure>
<img src="${at}/liar.jpg" alt="The old ramp before the repairs">
<figcaption>The old ramp, in October.</figcaption>
</figure>
<figure>
<img src="${at}/huge.jpg" alt="A panorama of the whole quay">
<figcaption>The quay from the harbour wall.</figcaption>
</figure>
${filler.map(paragraph).join('\n')}
</article>
</body>
</html>
`;
}

/** Serves the remote pictures: a real one, an SVG, HTML named .jpg, and an endless JPEG. */
async function startRemote(): Promise<string> {
  remote = createServer((request, response) => {
    const file = (name: string, type: string) => {
      response.writeHead(200, { 'Content-Type': type });
      createReadStream(join(FIXTURES, 'remote', name)).pipe(response);
    };
    switch (request.url) {
      case '/photo.jpg':
        return file('photo.jpg', 'image/jpeg');
      case '/drawing.svg':
        return file('drawing.svg', 'image/svg+xml');
      case '/liar.jpg':
        return file('liar.jpg', 'image/jpeg');
      case '/huge.jpg': {
        // No Content-Length: only counting the bytes as they come can stop it.
        response.writeHead(200, { 'Content-Type': 'image/jpeg' });
        const chunk = Buffer.alloc(64 * 1024, 0xff);
        let sent = 0;
        const more = () => {
          while (sent < 4 * MAX_BYTES) {
            sent += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', more);
          }
          response.end();
        };
        response.on('close', () => (sent = Infinity));
        return more();
      }
      default:
        response.writeHead(404).end();
    }
  });
  const port = await freePort();
  await new Promise<void>((done) => remote!.listen(port, '127.0.0.1', done));
  return `http://127.0.0.1:${port}`;
}

const ingest = (files: string[], env: NodeJS.ProcessEnv) =>
  run('npm', ['run', '--silent', 'ingest', '--', ...files], { cwd: root, env });

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  work = await mkdtemp(join(tmpdir(), 'dispatch-e2e-pictures-'));
  // nginx's workers run as another user: they must be able to read the build.
  await chmod(work, 0o755);
  const contentDir = join(work, 'content');
  dist = join(work, 'dist');
  await cp(join(root, 'content'), contentDir, { recursive: true });
  remoteOrigin = await startRemote();
  const remoteFile = join(work, 'ferry-office.html');
  await writeFile(remoteFile, remotePage(remoteOrigin));
  const env = {
    ...process.env,
    DISPATCH_CONTENT_DIR: contentDir,
    DISPATCH_DIST_DIR: dist,
    // An empty cache: every picture is made by this build.
    DISPATCH_PICTURE_CACHE: join(work, 'picture-cache'),
    DISPATCH_PICTURE_MAX_BYTES: String(MAX_BYTES),
  };
  const ingested = await ingest([PHOTOS, GALLERY, remoteFile], env);
  const lines = ingested.stdout.trim().split('\n');
  const [photos, gallery, remoteSlug] = lines.map((line) => line.split('\t')[0]!);
  slugs = { photos: photos!, gallery: gallery!, remote: remoteSlug! };
  warnings = ingested.stderr.split('\n').filter((line) => line.includes('warning:'));
  // The front page leads with the saved page's story.
  await writeFile(join(contentDir, 'edition.json'), `${JSON.stringify({ lead: slugs.photos })}\n`);
  await buildSite(env);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = await serveSite(dist, port, env);
});

test.afterAll(async () => {
  server?.kill();
  remote?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function phoneOrDesktop(
  browser: Browser,
  viewport: (typeof VIEWPORTS)[number],
  options: { serviceWorkers?: 'allow' | 'block' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    // The device's screen is the viewport's size (the project's desktop screen would not be).
    screen: { width: viewport.width, height: viewport.height },
    deviceScaleFactor: viewport.density,
    isMobile: viewport.mobile,
    hasTouch: viewport.mobile,
    serviceWorkers: options.serviceWorkers ?? 'block',
  });
  return { context, page: await context.newPage() };
}

/** Scrolls every picture of the article into view, so lazy ones load, and waits for each. */
async function loadEveryPicture(page: Page) {
  const pictures = page.locator('.article-body picture img');
  const count = await pictures.count();
  for (let index = 0; index < count; index += 1) {
    const image = pictures.nth(index);
    await image.scrollIntoViewIfNeeded();
    await expect
      .poll(() =>
        image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth),
      )
      .toBeGreaterThan(0);
  }
  return count;
}

test('ingest keeps every picture it can have and says, where it stands, why it refused the others', () => {
  const remoteWarnings = warnings.filter((line) => line.includes('ferry-office.html:'));
  const located = /^.+ferry-office\.html:\d+:\d+: warning: /;
  for (const [name, reason] of [
    ['drawing.svg', /SVG/],
    ['liar.jpg', /not a picture/],
    ['huge.jpg', /too large|larger than/],
  ] as const) {
    const warning = remoteWarnings.find((line) => line.includes(`${remoteOrigin}/${name}`));
    expect(warning, `a warning for ${name}`).toMatch(located);
    expect(warning).toMatch(reason);
  }
  // The saved page's missing picture is reported too, located in the page.
  expect(warnings.find((line) => line.includes('gone.jpg'))).toMatch(
    /harbour-photos\.html:\d+:\d+: warning: /,
  );
  // Nothing else was refused: the photo came, and so did every local picture.
  expect(remoteWarnings.filter((line) => line.includes(`${remoteOrigin}/photo.jpg`))).toEqual([]);
});

for (const viewport of VIEWPORTS) {
  test.describe(`pictures, ${viewport.name}`, () => {
    test('a story with a lead picture, a captioned figure, a credit, a decorative picture and a missing one', async ({
      browser,
    }) => {
      const { context, page } = await phoneOrDesktop(browser, viewport);
      try {
        await recordLayoutShifts(page);
        const fetched: string[] = [];
        page.on('request', (request) => {
          const { pathname } = new URL(request.url());
          if (pathname.startsWith('/assets/pictures/')) fetched.push(pathname);
        });
        const response = await gotoReady(page, `${origin}/articles/${slugs.photos}`);
        expect(response?.status()).toBe(200);
        const body = page.locator('.article-body');
        const pictures = body.locator('picture img');
        const count = await loadEveryPicture(page);
        expect(count).toBeGreaterThanOrEqual(3);

        // The lead: eager, at high priority; the others lazy and decoded off the main thread.
        const lead = pictures.first();
        await expect(lead).toHaveAttribute('fetchpriority', 'high');
        await expect(lead).not.toHaveAttribute('loading', 'lazy');
        for (let index = 1; index < count; index += 1) {
          await expect(pictures.nth(index)).toHaveAttribute('loading', 'lazy');
          await expect(pictures.nth(index)).toHaveAttribute('decoding', 'async');
        }

        // Each shows at the column's width, from the candidate its pixels need, in AVIF.
        for (let index = 0; index < count; index += 1) {
          const shown = await pictures.nth(index).evaluate((element: HTMLImageElement) => ({
            width: element.getBoundingClientRect().width,
            intrinsic: Number(element.getAttribute('width')),
            source: element.currentSrc,
            widths: [
              ...(
                element.parentElement!.querySelector('source')!.getAttribute('srcset') ?? ''
              ).matchAll(/(\d+)w/g),
            ].map((match) => Number(match[1])),
          }));
          const slot = shownWidth(viewport.width);
          // A picture narrower than the column shows at its own width, never enlarged.
          expect(Math.round(shown.width)).toBe(Math.min(slot, shown.intrinsic));
          const wanted = chosenWidth(shown.widths, slot, viewport.density);
          expect(shown.source).toMatch(new RegExp(`-${wanted}\\.avif$`));
          // Only that file was fetched: no other width or format of the same picture.
          const id = /([0-9a-f]{16})-\d+\.avif$/.exec(shown.source)![1]!;
          expect(fetched.filter((path) => path.includes(id))).toEqual([
            `/assets/pictures/${id}-${wanted}.avif`,
          ]);
        }

        // A caption keeps its link and the credit is shown apart.
        await expect(body.locator('figcaption a[href^="http"]').first()).toBeVisible();
        await expect(body.locator('.story-figure-credit').first()).toBeVisible();
        // The decorative picture is silent to a screen reader.
        await expect(body.locator('picture img[alt=""]')).not.toHaveCount(0);
        // The missing picture keeps its alt text, caption and credit, in its place.
        const missing = body.locator('figure:has(.story-figure-alt)');
        await expect(missing).toHaveCount(1);
        await expect(missing.locator('figcaption')).not.toBeEmpty();

        await page.evaluate(() => window.scrollTo(0, 0));
        expect(await layoutShift(page)).toBe(0);
        await expectNoHorizontalScroll(page);
        await expectNoAxeViolations(page);
      } finally {
        await context.close();
      }
    });

    test('the lead picture is asked for at high priority, before any script', async ({
      browser,
    }) => {
      const { context, page } = await phoneOrDesktop(browser, viewport);
      try {
        const session = await context.newCDPSession(page);
        await session.send('Network.enable');
        const requests: { url: string; type?: string; priority: string }[] = [];
        session.on('Network.requestWillBeSent', (event) =>
          requests.push({
            url: event.request.url,
            type: event.type,
            priority: event.request.initialPriority,
          }),
        );
        await gotoReady(page, `${origin}/articles/${slugs.photos}`);
        const lead = page.locator('.article-body picture img').first();
        const leadUrl = await lead.evaluate((element: HTMLImageElement) => element.currentSrc);
        const leadAt = requests.findIndex((request) => request.url === leadUrl);
        const firstScript = requests.findIndex((request) => request.type === 'Script');
        expect(leadAt).toBeGreaterThan(-1);
        expect(requests[leadAt]!.priority).toMatch(/^(High|VeryHigh)$/);
        expect(firstScript).toBeGreaterThan(leadAt);
      } finally {
        await context.close();
      }
    });

    test('a saved story shows its pictures offline, at the width this screen shows them', async ({
      browser,
    }) => {
      const { context, page } = await phoneOrDesktop(browser, viewport, {
        serviceWorkers: 'allow',
      });
      try {
        await gotoReady(page, `${origin}/articles/${slugs.photos}`);
        await page.getByRole('button', { name: /^Save “.+” for later$/ }).click();
        await page.evaluate(() => navigator.serviceWorker.ready);
        await expect
          .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
          .toBe(true);
        await page.getByRole('link', { name: /^Saved/ }).click();
        await expect(
          page.locator(`.saved-item[data-slug="${slugs.photos}"] .offline-status`),
        ).toHaveText('Available offline');
        const stored = await page.evaluate(async (name) => {
          const cache = await caches.open(name);
          return (await cache.keys())
            .map((key) => new URL(key.url).pathname)
            .filter((path) => path.includes('/assets/pictures/'));
        }, SAVED_CACHE);
        expect(stored.length).toBeGreaterThanOrEqual(3);
        for (const path of stored) expect(path).toMatch(/\.avif$/);

        await context.setOffline(true);
        await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
        await page.goto(`${origin}/articles/${slugs.photos}`);
        const count = await loadEveryPicture(page);
        expect(count).toBe(stored.length);
      } finally {
        await context.close();
      }
    });
  });
}

test('no picture the build made carries the EXIF the photographer’s camera wrote', async () => {
  const folder = join(dist, 'assets/pictures');
  const files = await readdir(folder);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const metadata = await sharp(await readFile(join(folder, file))).metadata();
    expect(metadata.exif, file).toBeUndefined();
    expect(metadata.xmp, file).toBeUndefined();
  }
});

test('a story with a lead picture shares it, cropped to 1200×630; the front page shows it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await gotoReady(page, `${origin}/articles/${slugs.photos}`);
  const image = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(image).toMatch(/\/assets\/pictures\/[0-9a-f]{16}-share\.jpg$/);
  await expect(page.locator('meta[name="twitter:image"]')).toHaveAttribute('content', image!);
  const jsonLd = JSON.parse(
    (await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}',
  ) as { image?: string[] };
  expect(jsonLd.image?.[0]).toBe(image);
  const file = new URL(image!).pathname;
  const response = await fetch(`${origin}${file}`);
  expect(response.headers.get('content-type')).toBe('image/jpeg');
  const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  expect([metadata.width, metadata.height]).toEqual([SHARE_PICTURE.width, SHARE_PICTURE.height]);

  // The front page leads with that story, and shows its picture first, at high priority.
  await gotoReady(page, `${origin}/`);
  const lead = page.locator('.lead-story picture img');
  await expect(lead).toHaveAttribute('fetchpriority', 'high');
  await expect
    .poll(() => lead.evaluate((element: HTMLImageElement) => element.naturalWidth))
    .toBeGreaterThan(0);
  await expectNoAxeViolations(page);
});

test('pictures are served with their types and cached for good', async () => {
  const html = await (await fetch(`${origin}/articles/${slugs.photos}`)).text();
  const files = [...html.matchAll(/\/assets\/pictures\/[0-9a-f]{16}-\d+\.(?:avif|webp|jpg)/g)].map(
    (match) => match[0],
  );
  const types = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg' } as const;
  for (const extension of ['avif', 'webp', 'jpg'] as const) {
    const file = files.find((path) => path.endsWith(`.${extension}`))!;
    const response = await fetch(`${origin}${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(types[extension]);
    expect(response.headers.get('cache-control')).toContain('immutable');
  }
});

test('search finds a story by the words of a caption', async ({ page }) => {
  await gotoReady(page, `${origin}/search?q=${encodeURIComponent('ramp')}`);
  await expect(
    page.getByRole('link', { name: 'Ferry office reopens on the north quay' }),
  ).toBeVisible();
});

test('printing a story keeps its pictures, captions and credits', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await gotoReady(page, `${origin}/articles/${slugs.photos}`);
  const count = await loadEveryPicture(page);
  const captions = await page.locator('.article-body figcaption').allTextContents();
  const pdf = join(work, 'story.pdf');
  await page.pdf({ path: pdf, format: 'A4' });
  const { stdout: list } = await run('pdfimages', ['-list', pdf]);
  // Header and rule lines, then a line per image; the placeholders print under the pictures.
  const images = list.trim().split('\n').slice(2);
  expect(images.length).toBeGreaterThanOrEqual(count);
  const { stdout: text } = await run('pdftotext', [pdf, '-']);
  const flat = (value: string) => value.replace(/\s+/g, '');
  // Print adds each link's address after its words (article-body.css): left out to compare.
  const printed = flat(text).replace(/\(https?:\/\/[^)]*\)/g, '');
  for (const caption of captions) expect(printed).toContain(flat(caption));
});

test('the refused pictures’ figures keep their alt text and captions, in their places', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await gotoReady(page, `${origin}/articles/${slugs.remote}`);
  const body = page.locator('.article-body');
  // The one picture that came is shown; the SVG, the liar and the too-large one are words.
  await expect(body.locator('picture img')).toHaveCount(1);
  await expect(body.locator('picture img')).toHaveAccessibleName(
    "The ferry office's new ramp at low tide",
  );
  const standIns = body.locator('figure:has(.story-figure-alt)');
  await expect(standIns).toHaveCount(3);
  for (const [alt, caption] of [
    ["The architect's drawing of the ramp", 'The drawing the council approved.'],
    ['The old ramp before the repairs', 'The old ramp, in October.'],
    ['A panorama of the whole quay', 'The quay from the harbour wall.'],
  ]) {
    const figure = standIns.filter({ hasText: alt! });
    await expect(figure.locator('figcaption')).toHaveText(caption!);
  }
  await expectNoHorizontalScroll(page);
  await expectNoAxeViolations(page);
});

test('the Markdown story’s pictures, beside it on disk, are shown', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await gotoReady(page, `${origin}/articles/${slugs.gallery}`);
  const count = await loadEveryPicture(page);
  expect(count).toBeGreaterThanOrEqual(2);
  await expectNoHorizontalScroll(page);
  await expectNoAxeViolations(page);
});

test('nginx serves the pictures with their types too', async () => {
  test.skip(!nginxBinary() && !process.env.CI, 'nginx is not installed here');
  const port = await freePort();
  const nginx = spawn('npx', ['tsx', join(root, 'tests/support/nginx-server.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DIST_DIR: dist },
    stdio: 'ignore',
    // Its own process group, ended whole below: npx does not pass a signal on, and a signal to
    // it alone left tsx and nginx running after the suite.
    detached: true,
  });
  const exited = new Promise((resolve) => {
    nginx.once('exit', resolve);
    nginx.once('error', resolve);
  });
  try {
    const at = `http://127.0.0.1:${port}`;
    await untilAnswers(`${at}/`);
    const files = (await readdir(join(dist, 'assets/pictures'))).filter(
      (file) => !file.includes('share'),
    );
    const types = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg' } as const;
    for (const extension of ['avif', 'webp', 'jpg'] as const) {
      const file = files.find((name) => name.endsWith(`.${extension}`))!;
      const response = await fetch(`${at}/assets/pictures/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(types[extension]);
      expect(response.headers.get('cache-control')).toContain('immutable');
    }
  } finally {
    if (nginx.exitCode === null && nginx.pid) process.kill(-nginx.pid, 'SIGTERM');
    await exited;
  }
});
