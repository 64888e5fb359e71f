/**
 * The lead-picture benchmark (#29): an edition whose lead story opens with a portrait picture
 * that fills a phone's first screen, built with its pictures, then measured by the Lighthouse
 * bench (both throttling methods) against `bare-picture`, a page with nothing but the same
 * file at the same size. Also prints the bytes a 360 px phone downloads for that picture, at
 * each pixel ratio and format, against the original file.
 *
 *   npx tsx tests/bench/lead-picture.ts [--runs N]
 *
 * Writes bench-results/lead-picture.jsonl (the Lighthouse lines) and prints the bytes line.
 */
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Picture } from '../../src/content/nodes';
import { buildSite } from '../support/site';
import { chosenWidth, PICTURE_FORMATS, pictureFile, shownWidth } from '../../src/lib/pictures';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const log = (...args: unknown[]) => console.error('[bench:lead-picture]', ...args);

const HEADLINE = 'Night shift on the harbour crane';
const paragraphs = [
  'The last container of the night swings over the quay a little after four in the morning, and the crane driver who has moved it has been in his cab since ten.',
  'From the cab, forty metres up, the harbour is a grid of lights and the ships are shapes; the driver works by the numbers on his screen and the voice of the banksman on the radio.',
  'The port moved more containers this year than in any year before, and most of them were moved at night, when the roads are clear and the trucks can come and go.',
  'Drivers work twelve-hour shifts, four on and four off, and most of them say the night shifts are the quiet ones: fewer visitors, fewer meetings, only the work.',
];

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'dispatch-bench-lead-picture-'));
  try {
    const content = join(work, 'content');
    const dist = join(work, 'dist');
    await cp(join(root, 'content'), content, { recursive: true });
    // A portrait crop of the fixture photograph: taller than a phone's column is wide.
    const source = join(root, 'tests/fixtures/pictures/harbour-photos_files/lead.jpg');
    await sharp(source)
      .rotate()
      .resize(1200, 1600, { fit: 'cover' })
      .jpeg({ quality: 90 })
      .toFile(join(work, 'crane.jpg'));
    await writeFile(
      join(work, 'crane.md'),
      `# ${HEADLINE}\n\n![The crane's cab at night, forty metres above the quay](crane.jpg "The cab of crane 7, at four in the morning.")\n\n${paragraphs.join('\n\n')}\n\n## The busiest year\n\n${paragraphs.join('\n\n')}\n`,
    );
    const env = { ...process.env, DISPATCH_CONTENT_DIR: content, DISPATCH_DIST_DIR: dist };
    const ingested = await run('npm', ['run', '--silent', 'ingest', '--', join(work, 'crane.md')], {
      cwd: root,
      env,
    });
    const slug = ingested.stdout.split('\t')[0]!;
    await writeFile(join(content, 'edition.json'), `${JSON.stringify({ lead: slug })}\n`);
    log('building the edition with its pictures…');
    await buildSite(env);

    // What a 360 px phone downloads for the lead picture, against the original file.
    const article = JSON.parse(
      await readFile(join(dist, 'content/articles', `${slug}.json`), 'utf8'),
    ) as { sections: { blocks: { type: string; lead?: boolean; picture?: Picture }[] }[] };
    const lead = article.sections
      .flatMap((section) => section.blocks)
      .find((block) => block.type === 'figure' && block.lead)?.picture;
    if (!lead) throw new Error('the story has no lead picture');
    const original = (await stat(join(work, 'crane.jpg'))).size;
    const phone: Record<string, Record<string, number>> = {};
    for (const density of [1, 2, 3]) {
      const width = chosenWidth(lead.widths, shownWidth(360), density);
      phone[`${density}x (${width} px)`] = Object.fromEntries(
        await Promise.all(
          PICTURE_FORMATS.map(async ({ extension }) => [
            extension,
            (await stat(join(dist, pictureFile(lead.id, width, extension)))).size,
          ]),
        ),
      );
    }
    process.stdout.write(
      `${JSON.stringify({ lead_picture: { original_bytes: original, size: `${lead.width}×${lead.height}`, phone_360: phone } })}\n`,
    );

    // Lighthouse against the built edition: the article, and the same picture on a bare page.
    const args = process.argv.slice(2);
    const code = await new Promise<number>((done) => {
      const child = spawn(
        'npx',
        ['tsx', join(root, 'tests/bench/lighthouse.ts'), '--no-build', ...args],
        {
          cwd: root,
          env: { ...env, DIST_DIR: dist, BENCH_OUT: 'bench-results/lead-picture.jsonl' },
          stdio: 'inherit',
        },
      );
      child.on('exit', (exit) => done(exit ?? 1));
    });
    process.exitCode = code;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
