/**
 * `npm run bench:build`: an edition of 1,000 synthetic stories (made here, at run time, never
 * committed) is ingested, built and prerendered in a temporary folder, with a share card for
 * every article, section and quotation rendered from an empty cache. Then one story's text
 * changes and the edition is built again, as a newsroom's next build would be (the cards'
 * cache kept). Prints one JSON line: stories, pages written, seconds per step, the build's peak
 * RSS, the dist size and what the cards add to it, the rebuild's seconds and cards rendered,
 * and the article's first-load JS. A measurement, not a test: nothing fails on time.
 *
 * Options: `-- --stories N` (default 1000), `-- --keep` to leave the folder for a look.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ingestFiles, type IngestRequest } from '../../src/ingest/cli';
import { pageChunks } from '../../src/build/bootstrap-script';
import { CARDS_DIR } from '../../src/lib/site-files';
import { indexBytes, measureSearch } from './search-latency';
import { createCleanups } from './support';

const log = (...args: unknown[]) => console.error('[bench:build]', ...args);
const { values } = parseArgs({
  options: {
    stories: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
  },
});
const storyCount = Number(values.stories);

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

function syntheticStory(index: number): { text: string; headline: string } {
  const next = random(index + 1);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const sentence = () =>
    `The ${pick(NOUNS)} ${pick(VERBS)} a plan for the ${pick(NOUNS)} on ${pick(['Monday', 'Friday'])}, after ${Math.floor(next() * 900) + 10} residents wrote to the ${pick(NOUNS)}.`;
  const speaker = `${pick(FIRST)} ${pick(LAST)}`;
  const lines = [
    `${sentence()} ${sentence()}`,
    `“We will look at every ${pick(NOUNS)} again before the winter,” said ${speaker}. “Nothing is settled.”`,
  ];
  for (const heading of [pick(HEADINGS), pick(HEADINGS), pick(HEADINGS)]) {
    lines.push(heading, `${sentence()} ${sentence()} ${sentence()}`);
    lines.push(
      `Residents called the ${pick(NOUNS)} “a ${pick(['relief', 'worry', 'start'])}”. ${sentence()}`,
    );
  }
  lines.push(
    'Related Stories:',
    `Story number ${(index + 7) % storyCount} of the synthetic edition`,
  );
  return {
    text: `${lines.join('\n')}\n`,
    headline: `Story number ${index} of the synthetic edition`,
  };
}

/** Runs a command under GNU time for its peak RSS; resolves with seconds and kilobytes. */
function timed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; peakKb: number }> {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    let report = '';
    const child = spawn('/usr/bin/time', ['-f', 'peak-kb=%M', command, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 2, 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      report += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} failed (${code})`));
      const peakKb = Number(/peak-kb=(\d+)/.exec(report)?.[1] ?? NaN);
      resolveRun({ seconds: (performance.now() - started) / 1000, peakKb });
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

const { cleanups, runCleanups } = createCleanups(log);
try {
  const work = await mkdtemp(join(tmpdir(), 'dispatch-bench-build-'));
  if (!values.keep) cleanups.files.add(() => void rm(work, { recursive: true, force: true }));
  const contentDir = join(work, 'content');
  const sourcesDir = join(work, 'sources');
  const distDir = join(work, 'dist');
  await cp(resolve('content'), contentDir, { recursive: true });
  await mkdir(sourcesDir);

  log(`writing ${storyCount} synthetic stories to ${sourcesDir}`);
  const requests: IngestRequest[] = [];
  for (let index = 0; index < storyCount; index += 1) {
    const { text, headline } = syntheticStory(index);
    const file = join(sourcesDir, `story-${index}.txt`);
    await writeFile(file, text);
    const day = new Date(Date.UTC(2026, 0, 1) + index * 3_600_000).toISOString();
    requests.push({ file, headline, published: day });
  }

  const ingestStarted = performance.now();
  await ingestFiles(requests, { dir: contentDir });
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  log(`ingested in ${ingestSeconds.toFixed(1)} s; building`);

  const buildEnv = {
    DISPATCH_CONTENT_DIR: contentDir,
    DISPATCH_DIST_DIR: distDir,
    DISPATCH_CARD_CACHE: join(work, 'card-cache'),
  };
  const viteBuild = [resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'];
  const build = await timed(process.execPath, viteBuild, buildEnv);
  const dist = await walk(distDir);
  const cards = await walk(join(distDir, CARDS_DIR));

  // A correction to one story: its text changes, so its cards are new; the rest are cached.
  const changed = requests[0]!;
  await writeFile(
    changed.file,
    (await readFile(changed.file, 'utf8')).replace(
      /^(.+)$/m,
      '$1 “The figures were corrected on Friday,” said the council’s spokesperson.',
    ),
  );
  await ingestFiles([changed], { dir: contentDir });
  const rebuild = await timed(process.execPath, viteBuild, buildEnv);
  const cacheAfter = await walk(join(work, 'card-cache'));
  const result = {
    stories: storyCount + 1,
    pages_written: dist.pages,
    ingest_s: Number(ingestSeconds.toFixed(1)),
    build_s: Number(build.seconds.toFixed(1)),
    total_s: Number((ingestSeconds + build.seconds).toFixed(1)),
    build_peak_rss_mb: Math.round(build.peakKb / 1024),
    dist_files: dist.files,
    dist_mb: Number((dist.bytes / 1024 / 1024).toFixed(1)),
    share_cards: cards.files,
    share_cards_mb: Number((cards.bytes / 1024 / 1024).toFixed(1)),
    rebuild_one_story_changed_s: Number(rebuild.seconds.toFixed(1)),
    cards_rendered_by_rebuild: cacheAfter.files - cards.files,
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
