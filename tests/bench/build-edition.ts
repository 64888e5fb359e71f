/**
 * `npm run bench:build`: an edition of synthetic stories (made here, at run time, never
 * committed) is ingested and built in a temporary folder, then changed and built again, as a
 * newsroom's builds would be. Each story is Markdown with sections, quotations, related titles and
 * pictures (distinct 1600×1067 images made here with sharp, each as `![alt](file "caption")` and
 * in the metadata file's `images`). The builds, each under GNU time for its peak RSS:
 *
 * 1. `cold`: the first build, from empty picture and share-card caches;
 * 2. `clean`: `npm run build -- --clean`, the caches kept (they are of derived files, named by
 *    their content, as `node_modules/.cache` is);
 * 3. `one_story_changed`: one story's text corrected, re-ingested, built incrementally;
 * 4. `one_story_added`: a story ingested, built incrementally;
 * 5. `app_changed`: a full build because the app changed: the state is told of another app, as
 *    any change to the code, styles or packages would tell it.
 *
 * Prints one JSON line: seconds and peak RSS of each, pages rendered by each, pages and HTML
 * bytes per story (and how much of those bytes are inlined stylesheet rules and embedded data),
 * the dist size, the first-load JS, and search. A measurement, not a test: nothing fails on time.
 *
 * Options: `-- --stories N` (default 1000), `-- --pictures N` a story (default 3),
 * `-- --picture-pool N` distinct pictures in all (default every picture distinct; a smaller pool
 * makes a 10,000-story run take minutes, not hours, of picture making), `-- --keep` to leave the
 * folder for a look, `-- --cache-dir DIR` to keep the picture and card caches there, not in the
 * temporary folder. With it there is no cold build (`cold` is null): the first build is the clean
 * one, warm when an earlier run of the same edition filled the folder.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { gzipSync } from 'node:zlib';
import { ingestFiles, type IngestRequest } from '../../src/ingest/cli';
import { pageChunks } from '../../src/build/bootstrap-script';
import { CARDS_DIR, PICTURES_DIR } from '../../src/lib/site-files';
import { indexBytes, measureSearch } from './search-latency';
import { createCleanups } from './support';

const log = (...args: unknown[]) => console.error('[bench:build]', ...args);
const { values } = parseArgs({
  options: {
    stories: { type: 'string', default: '1000' },
    pictures: { type: 'string', default: '3' },
    'picture-pool': { type: 'string' },
    'cache-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const storyCount = Number(values.stories);
/** Pictures a story shows: one in the opening section (its lead), then one in each section. */
const PICTURES_PER_STORY = Number(values.pictures);
const POOL = Number(values['picture-pool'] ?? storyCount * PICTURES_PER_STORY);

/** A small deterministic generator, so every run builds the same edition. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const FIRST = ['Ada', 'Tomas', 'Mira', 'Jonas', 'Leila', 'Pavel', 'Nadia', 'Kofi', 'Ines', 'Ruth'];
const LAST = ['Okafor', 'Lindqvist', 'Santos', 'Meyer', 'Haddad', 'Novak', 'Petrova', 'Mensah'];
const NOUNS = ['council', 'harbour', 'budget', 'railway', 'school', 'hospital', 'market', 'river'];
const VERBS = ['approved', 'delayed', 'questioned', 'reviewed', 'opened', 'closed', 'funded'];
const HEADINGS = ['What Happens Next', 'Reaction', 'The Cost', 'Background', 'Кто платит'];

/** The file a story's picture is, from the pool (so files repeat when the pool is small). */
const pictureName = (story: number, picture: number) =>
  `picture-${(story * PICTURES_PER_STORY + picture) % POOL}.jpg`;

function syntheticStory(index: number): { text: string; headline: string } {
  const next = random(index + 1);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const sentence = () =>
    `The ${pick(NOUNS)} ${pick(VERBS)} a plan for the ${pick(NOUNS)} on ${pick(['Monday', 'Friday'])}, after ${Math.floor(next() * 900) + 10} residents wrote to the ${pick(NOUNS)}.`;
  const figure = (picture: number) =>
    `![The ${pick(NOUNS)} seen from the ${pick(NOUNS)}](${pictureName(index, picture)} "The ${pick(NOUNS)} on ${pick(['Monday', 'Friday'])}")`;
  const speaker = `${pick(FIRST)} ${pick(LAST)}`;
  const lines = [
    `${sentence()} ${sentence()}`,
    ...(PICTURES_PER_STORY > 0 ? [figure(0)] : []),
    `“We will look at every ${pick(NOUNS)} again before the winter,” said ${speaker}. “Nothing is settled.”`,
  ];
  for (const [section, heading] of [pick(HEADINGS), pick(HEADINGS), pick(HEADINGS)].entries()) {
    lines.push(`## ${heading}`, `${sentence()} ${sentence()} ${sentence()}`);
    if (section + 1 < PICTURES_PER_STORY) lines.push(figure(section + 1));
    lines.push(
      `Residents called the ${pick(NOUNS)} “a ${pick(['relief', 'worry', 'start'])}”. ${sentence()}`,
    );
  }
  lines.push(
    '## Related Stories',
    `- Story number ${(index + 7) % storyCount} of the synthetic edition`,
  );
  return {
    text: `${lines.join('\n\n')}\n`,
    headline: `Story number ${index} of the synthetic edition`,
  };
}

/** Fine grain every picture shares (overlaid, so each still differs everywhere). */
async function grain(width: number, height: number): Promise<Buffer> {
  const next = random(99);
  const data = Buffer.alloc(width * height);
  for (let index = 0; index < data.length; index += 1) data[index] = 116 + next() * 24;
  return sharp(data, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

/**
 * A distinct photograph-like picture: soft blobs of colour from a small random image scaled
 * up, with grain and a gradient of its own, as a camera's JPEG.
 */
async function syntheticPicture(seed: number, overlay: Buffer): Promise<Buffer> {
  const next = random(seed * 7919 + 3);
  const [width, height] = [1600, 1067];
  const [cells, rows] = [8, 6];
  const blobs = Buffer.alloc(cells * rows * 3);
  const base = [next() * 255, next() * 255, next() * 255];
  for (let index = 0; index < blobs.length; index += 1)
    blobs[index] = Math.max(0, Math.min(255, base[index % 3]! + (next() - 0.5) * 180));
  return sharp(blobs, { raw: { width: cells, height: rows, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .composite([{ input: overlay, blend: 'overlay' }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** Runs `work` over 0…count-1, a few at a time (sharp works on libuv's threads). */
async function eachIndex(count: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: 4 }, lane));
}

/** Runs a command under GNU time for its peak RSS; resolves with seconds and kilobytes. */
function timed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; peakKb: number; output: string }> {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    let report = '';
    const child = spawn('/usr/bin/time', ['-f', 'peak-kb=%M', command, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Both go to our stderr (stdout is the result line), and are read for figures.
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        report += chunk.toString();
        process.stderr.write(chunk);
      });
    }
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} failed (${code})`));
      const peakKb = Number(/peak-kb=(\d+)/.exec(report)?.[1] ?? NaN);
      resolveRun({ seconds: (performance.now() - started) / 1000, peakKb, output: report });
    });
  });
}

async function walk(dir: string): Promise<{ files: number; bytes: number; pages: number }> {
  let files = 0;
  let bytes = 0;
  let pages = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
    if (entry.name.endsWith('.html')) pages += 1;
  }
  return { files, bytes, pages };
}

async function firstLoadJs(distDir: string): Promise<number> {
  const manifest = JSON.parse(await readFile(join(distDir, '.vite/manifest.json'), 'utf8'));
  const entry = Object.values(manifest as Record<string, { file: string; isEntry?: boolean }>).find(
    (chunk) => chunk.isEntry,
  )!;
  const files = [`/${entry.file}`, ...pageChunks(manifest, '/')];
  const sizes = await Promise.all(
    files.map(async (file) => gzipSync(await readFile(join(distDir, file)), { level: 9 }).length),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

/**
 * A story's pages and their HTML bytes, over the synthetic stories' folders: in all, and how
 * much of them is inlined stylesheet rules and embedded data.
 */
async function storyPages(distDir: string) {
  let pages = 0;
  let bytes = 0;
  let styles = 0;
  let state = 0;
  const folders = (await readdir(join(distDir, 'articles'))).filter((name) =>
    name.startsWith('story-number-'),
  );
  for (const folder of folders) {
    for (const entry of await readdir(join(distDir, 'articles', folder), {
      withFileTypes: true,
      recursive: true,
    })) {
      if (!entry.isFile() || !entry.name.endsWith('.html') || entry.name === '404.html') continue;
      const html = await readFile(join(entry.parentPath, entry.name), 'utf8');
      pages += 1;
      bytes += Buffer.byteLength(html);
      for (const match of html.matchAll(/<style>([\s\S]*?)<\/style>/g))
        styles += Buffer.byteLength(match[1]!);
      for (const match of html.matchAll(
        /<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g,
      ))
        state += Buffer.byteLength(match[1]!);
    }
  }
  const per = (n: number) => Math.round(n / folders.length);
  return {
    pages_per_story: Number((pages / folders.length).toFixed(1)),
    html_bytes_per_story: per(bytes),
    inlined_css_bytes_per_story: per(styles),
    embedded_data_bytes_per_story: per(state),
  };
}

/** The inline styles' hashes the CSP lists (the pages' stylesheet rules, one per variant). */
async function styleHashes(distDir: string): Promise<number> {
  const headers = await readFile(join(distDir, '_headers'), 'utf8');
  return (/style-src ([^;]*)/.exec(headers)?.[1] ?? '')
    .split(' ')
    .filter((token) => token.startsWith("'sha256-")).length;
}

/**
 * Where ingest did not put a story's pictures into `content/images/` and its metadata file
 * (an ingest without picture fetching), the bench does, as ingest would: each file named by
 * its content hash, under the key the Markdown names it by. Resolves with the pictures added.
 */
async function fillImages(
  requests: readonly IngestRequest[],
  contentDir: string,
  sourcesDir: string,
): Promise<number> {
  await mkdir(join(contentDir, 'images'), { recursive: true });
  let added = 0;
  for (const request of requests) {
    const story = Number(/story-(\d+)\.md$/.exec(request.file)![1]);
    const metaFile = await findMetaFile(contentDir, request.headline!);
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as {
      images?: Record<string, { file: string }>;
    };
    const images = { ...meta.images };
    let missing = 0;
    for (let picture = 0; picture < PICTURES_PER_STORY; picture += 1) {
      const key = pictureName(story, picture);
      if (images[key]) continue;
      const data = await readFile(join(sourcesDir, key));
      const file = `${createHash('sha256').update(data).digest('hex')}.jpg`;
      await writeFile(join(contentDir, 'images', file), data);
      images[key] = { file };
      missing += 1;
    }
    if (missing > 0) await writeFile(metaFile, `${JSON.stringify({ ...meta, images }, null, 2)}\n`);
    added += missing;
  }
  return added;
}

/** A story's metadata file, by the headline ingest stored in it (read again for a new one). */
let metaByHeadline: Map<string, string> | undefined;
async function findMetaFile(contentDir: string, headline: string): Promise<string> {
  if (!metaByHeadline?.has(headline)) {
    metaByHeadline = new Map();
    const dir = join(contentDir, 'stories');
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.meta.json')) continue;
      const meta = JSON.parse(await readFile(join(dir, name), 'utf8')) as { headline?: string };
      if (meta.headline) metaByHeadline.set(meta.headline, join(dir, name));
    }
  }
  const file = metaByHeadline.get(headline);
  if (!file) throw new Error(`no metadata file for “${headline}”`);
  return file;
}

const { cleanups, runCleanups } = createCleanups(log);
try {
  const work = await mkdtemp(join(tmpdir(), 'dispatch-bench-build-'));
  if (!values.keep) cleanups.files.add(() => void rm(work, { recursive: true, force: true }));
  const caches = values['cache-dir'] ? resolve(values['cache-dir']) : work;
  const contentDir = join(work, 'content');
  const sourcesDir = join(work, 'sources');
  const distDir = join(work, 'dist');
  await cp(resolve('content'), contentDir, { recursive: true });
  await mkdir(sourcesDir);

  log(`writing ${storyCount} synthetic stories and their pictures to ${sourcesDir}`);
  const requests: IngestRequest[] = [];
  for (let index = 0; index < storyCount; index += 1) {
    const { text, headline } = syntheticStory(index);
    const file = join(sourcesDir, `story-${index}.md`);
    await writeFile(file, text);
    const day = new Date(Date.UTC(2026, 0, 1) + index * 3_600_000).toISOString();
    requests.push({ file, headline, published: day });
  }
  const overlay = await grain(1600, 1067);
  const distinct = Math.min(POOL, storyCount * PICTURES_PER_STORY);
  await eachIndex(distinct, async (at) => {
    await writeFile(join(sourcesDir, `picture-${at}.jpg`), await syntheticPicture(at, overlay));
  });

  const ingestStarted = performance.now();
  await ingestFiles(requests, { dir: contentDir });
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  const filled = await fillImages(requests, contentDir, sourcesDir);
  log(
    `ingested in ${ingestSeconds.toFixed(1)} s${filled ? ` (the bench put ${filled} pictures into content/images itself)` : ''}`,
  );

  const buildEnv = {
    DISPATCH_CONTENT_DIR: contentDir,
    DISPATCH_DIST_DIR: distDir,
    DISPATCH_CARD_CACHE: join(caches, 'card-cache'),
    DISPATCH_PICTURE_CACHE: join(caches, 'picture-cache'),
    // Its own: another build of the same app (a test, say) keeps only its own edition's.
    DISPATCH_STORY_CACHE: join(caches, 'story-cache'),
  };
  /** `npm run build` (its steps and what it rendered go to stderr, for a look). */
  const build = async (name: string, ...args: string[]) => {
    log(`build: ${name}`);
    const run = await timed(
      process.execPath,
      ['--import', 'tsx', resolve('src/build/cli.ts'), ...args],
      buildEnv,
    );
    const rendered = /pages: ([\d,]+) of ([\d,]+) pages? rendered/.exec(run.output);
    return {
      s: Number(run.seconds.toFixed(1)),
      peak_rss_mb: Math.round(run.peakKb / 1024),
      pages_rendered: Number(rendered?.[1]?.replace(/,/g, '') ?? NaN),
    };
  };

  // With `--cache-dir`, the caches of an earlier run of the same edition: no cold build.
  const cold = values['cache-dir'] ? null : await build('cold (empty picture and card caches)');
  const clean = await build('clean (--clean, the caches kept)', '--clean');
  const dist = await walk(distDir);
  const cards = await walk(join(distDir, CARDS_DIR));
  const pictures = await walk(join(distDir, PICTURES_DIR));
  const perStory = await storyPages(distDir);

  // A correction to one story: its text changes, so its pages and cards are new.
  const changed = requests[0]!;
  await writeFile(
    changed.file,
    (await readFile(changed.file, 'utf8')).replace(
      /^(.+)$/m,
      '$1 “The figures were corrected on Friday,” said the council’s spokesperson.',
    ),
  );
  await ingestFiles([changed], { dir: contentDir });
  await fillImages([changed], contentDir, sourcesDir);
  const oneChanged = await build('one story changed');

  // A new story, the newest: every edition page lists the stories one place further on.
  const added = syntheticStory(storyCount);
  const addedFile = join(sourcesDir, `story-${storyCount}.md`);
  await writeFile(addedFile, added.text);
  const addedRequest = {
    file: addedFile,
    headline: `${added.headline} (added)`,
    published: new Date(Date.UTC(2027, 0, 1)).toISOString(),
  };
  await ingestFiles([addedRequest], { dir: contentDir });
  await fillImages([addedRequest], contentDir, sourcesDir);
  const oneAdded = await build('one story added');

  // Any change to the app's code, styles or packages changes the hash the state records.
  const stateFile = `${distDir}.build-state.json`;
  const state = JSON.parse(await readFile(stateFile, 'utf8')) as { app: string };
  await writeFile(stateFile, JSON.stringify({ ...state, app: `${state.app}-changed` }));
  const appChanged = await build('the app changed');

  const result = {
    stories: storyCount + 1,
    pictures_per_story: PICTURES_PER_STORY,
    distinct_pictures: Math.min(POOL, storyCount * PICTURES_PER_STORY),
    ingest_s: Number(ingestSeconds.toFixed(1)),
    builds: {
      cold,
      clean,
      one_story_changed: oneChanged,
      one_story_added: oneAdded,
      app_changed: appChanged,
    },
    pages: dist.pages,
    ...perStory,
    dist_files: dist.files,
    dist_mb: Number((dist.bytes / 1024 / 1024).toFixed(1)),
    share_cards: cards.files,
    share_cards_mb: Number((cards.bytes / 1024 / 1024).toFixed(1)),
    picture_files: pictures.files,
    pictures_mb: Number((pictures.bytes / 1024 / 1024).toFixed(1)),
    csp_style_hashes: await styleHashes(distDir),
    first_load_js_gzip: await firstLoadJs(distDir),
    search_index_mb: Number(((await indexBytes(distDir)).index / 1024 / 1024).toFixed(2)),
    search: await measureSearch(
      distDir,
      ['residents', 'railway budget', 'Okafor', 'hospital', 'winter'],
      (cleanup) => cleanups.processes.add(cleanup),
      log,
    ),
  };
  console.log(JSON.stringify(result));
  if (values.keep) log(`kept ${work}`);
} finally {
  runCleanups();
}
