// @vitest-environment node
/**
 * `npm run ingest` with pictures: a saved page's files and a Markdown story's `images/` are
 * kept in `content/images/` under their content hash and mapped in the metadata file; what
 * cannot be had is a located warning, and a later ingest fills it in.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { copyFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ingest } from '../../../src/ingest/cli';
import { formatWarning } from '../../../src/ingest/errors';
import { SVG_REFUSED } from '../../../src/ingest/pictures';

const fixtures = resolve(import.meta.dirname, '../../fixtures/pictures');
const SLUG = 'kelwicks-fishing-fleet-returns-to-a-rebuilt-harbour';
const LEAD = 'https://news.example/img/lead-2400.jpg';
const FERRY = 'https://news.example/img/ferry-1600.jpg';
const RULE = './harbour-photos_files/rule.png';
const GONE = 'http://127.0.0.1:9/gone.jpg';

/** The name a fixture's bytes are kept under. */
async function hashName(path: string, extension: string) {
  const bytes = await readFile(join(fixtures, path));
  return `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${extension}`;
}

let content: string;
let sources: string;
let page: string;

beforeEach(async () => {
  content = await mkdtemp(join(tmpdir(), 'dispatch-content-'));
  sources = await mkdtemp(join(tmpdir(), 'dispatch-saved-'));
  // A copy of the saved page and its folder, so a test can add the missing picture.
  page = join(sources, 'harbour-photos.html');
  await copyFile(join(fixtures, 'harbour-photos.html'), page);
  await cp(join(fixtures, 'harbour-photos_files'), join(sources, 'harbour-photos_files'), {
    recursive: true,
  });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(content, { recursive: true, force: true });
  await rm(sources, { recursive: true, force: true });
});

const listing = (folder: string) => readdir(join(content, folder)).catch(() => []);
const readMeta = async (slug = SLUG) =>
  JSON.parse(await readFile(join(content, `stories/${slug}.meta.json`), 'utf8')) as {
    images?: Record<string, { file: string; focus?: { x: number; y: number } }>;
  };

describe('npm run ingest with pictures', { timeout: 30_000 }, () => {
  it('keeps a saved page’s pictures under their hash, maps them, and warns of the missing one at its figure', async () => {
    const { output, warnings } = await ingest([page], content);
    expect(output).toBe(`${SLUG}\t/articles/${SLUG}\n`);
    const [lead, ferry, rule] = await Promise.all([
      hashName('harbour-photos_files/lead.jpg', 'jpg'),
      hashName('harbour-photos_files/ferry.jpg', 'jpg'),
      hashName('harbour-photos_files/rule.png', 'png'),
    ]);
    expect((await listing('images')).sort()).toEqual([lead, ferry, rule].sort());
    expect(await readFile(join(content, 'images', lead))).toEqual(
      await readFile(join(fixtures, 'harbour-photos_files/lead.jpg')),
    );
    expect((await readMeta()).images).toEqual({
      [LEAD]: { file: lead },
      [FERRY]: { file: ferry },
      [RULE]: { file: rule },
    });
    expect(warnings.map(formatWarning)).toEqual([
      `${page}:65:3: warning: the picture ${GONE} could not be had (./harbour-photos_files/gone.jpg: no such file; ${GONE}: the download failed (bad port)); the figure keeps its caption, credit and alt text, and a later ingest of the same file will try again`,
    ]);
  });

  it('keeps the missing picture’s figure with its alt text, caption and credit', async () => {
    const { output } = await ingest([page, '--dry-run'], content);
    const figures: Record<string, unknown>[] = [];
    JSON.stringify(JSON.parse(output), (_key, value: { type?: string }) => {
      if (value?.type === 'figure') figures.push(value as Record<string, unknown>);
      return value;
    });
    expect(figures).toContainEqual(
      expect.objectContaining({
        image: { url: GONE },
        alt: 'Fish boxes stacked three high on the quay at Port Avalon, each stencilled with a Kelwick boat’s name',
        caption: [
          {
            type: 'text',
            text: 'Kelwick boxes on the quay at Port Avalon in September, where the fleet landed its catch while the wall was rebuilt.',
          },
        ],
        credit: 'Photograph: Leah Moyo',
      }),
    );
  });

  it('writes nothing with --dry-run', async () => {
    await ingest([page, '--dry-run'], content);
    expect(await readdir(content)).toEqual([]);
  });

  it('with --strict, fails on the missing picture at its figure and writes nothing', async () => {
    await expect(ingest([page, '--strict'], content)).rejects.toThrow(
      `${page}:65:3: the picture ${GONE} could not be had`,
    );
    expect(await readdir(content)).toEqual([]);
  });

  it('fills in a missing picture when the file is ingested again, keeping the others and their focus', async () => {
    await ingest([page], content);
    const metaFile = join(content, `stories/${SLUG}.meta.json`);
    const first = await readMeta();
    // An editor sets the lead's focus, and maps the ferry picture to another kept file.
    const other = await hashName('remote/photo.jpg', 'jpg');
    await copyFile(join(fixtures, 'remote/photo.jpg'), join(content, 'images', other));
    const edited = {
      ...first,
      images: {
        ...first.images,
        [LEAD]: { ...first.images![LEAD]!, focus: { x: 0.3, y: 0.6 } },
        [FERRY]: { file: other },
      },
    };
    await writeFile(metaFile, JSON.stringify(edited, null, 2));

    // The missing picture appears beside the page.
    await copyFile(
      join(fixtures, 'images/quay.jpg'),
      join(sources, 'harbour-photos_files/gone.jpg'),
    );
    const { warnings } = await ingest([page], content);
    expect(warnings).toEqual([]);
    const gone = await hashName('images/quay.jpg', 'jpg');
    expect((await readMeta()).images).toEqual({ ...edited.images, [GONE]: { file: gone } });
    expect(await listing('images')).toContain(gone);
  });

  it('takes a picture again when the file its metadata names is gone', async () => {
    await ingest([page], content);
    const { images } = await readMeta();
    await rm(join(content, 'images', images![LEAD]!.file));
    await ingest([page], content);
    expect((await readMeta()).images![LEAD]).toEqual(images![LEAD]);
    expect(await listing('images')).toContain(images![LEAD]!.file);
  });

  it('keeps a Markdown story’s pictures from its images folder', async () => {
    const { warnings } = await ingest([join(fixtures, 'river-gallery.md')], content);
    expect(warnings).toEqual([]);
    const slug = 'lock-gates-return-to-the-river-wend-after-a-winter-in-dry-dock';
    expect((await readMeta(slug)).images).toEqual({
      'images/quay.jpg': { file: await hashName('images/quay.jpg', 'jpg') },
      'images/lock-keeper.png': { file: await hashName('images/lock-keeper.png', 'png') },
    });
  });

  describe('downloading', () => {
    let server: Server;
    let base: string;

    beforeAll(async () => {
      const served: Record<string, string> = {
        '/photo.jpg': 'remote/photo.jpg',
        '/drawing.jpg': 'remote/drawing.svg',
        '/liar.jpg': 'remote/liar.jpg',
      };
      server = createServer((request, response) => {
        const path = served[request.url ?? ''];
        if (request.url === '/slow.jpg') return response.writeHead(200).write('…');
        if (!path) return response.writeHead(404).end();
        void readFile(join(fixtures, path)).then((bytes) =>
          response.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes),
        );
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });

    async function ingestMarkdown(...pictures: string[]) {
      const file = join(sources, 'story.md');
      await writeFile(
        file,
        `# Boats on the Wend\n\nThe river reopened on Saturday.\n\n${pictures
          .map((name) => `![A picture called ${name}](${base}/${name})`)
          .join('\n\n')}\n`,
      );
      const result = await ingest([file], content);
      const meta = await readMeta('boats-on-the-wend');
      return { file, meta, warnings: result.warnings.map(formatWarning) };
    }

    it('downloads a picture the story gives only by its address', async () => {
      const { meta, warnings } = await ingestMarkdown('photo.jpg');
      expect(warnings).toEqual([]);
      const name = await hashName('remote/photo.jpg', 'jpg');
      expect(meta.images).toEqual({ [`${base}/photo.jpg`]: { file: name } });
      expect(await listing('images')).toEqual([name]);
    });

    it('refuses SVG and HTML whatever their name, keeping the story', async () => {
      const { file, meta, warnings } = await ingestMarkdown('drawing.jpg', 'liar.jpg');
      expect(meta.images).toBeUndefined();
      expect(await listing('images')).toEqual([]);
      expect(warnings).toEqual([
        `${file}:5:1: warning: the picture ${base}/drawing.jpg could not be had (${base}/drawing.jpg: ${SVG_REFUSED}); the figure keeps its caption, credit and alt text, and a later ingest of the same file will try again`,
        `${file}:7:1: warning: the picture ${base}/liar.jpg could not be had (${base}/liar.jpg: not a picture (the bytes are not JPEG, PNG, WebP, AVIF or GIF)); the figure keeps its caption, credit and alt text, and a later ingest of the same file will try again`,
      ]);
      expect(await listing('stories')).toEqual([
        'boats-on-the-wend.md',
        'boats-on-the-wend.meta.json',
      ]);
    });

    it('gives up on a slow server within DISPATCH_PICTURE_TIMEOUT_MS', async () => {
      vi.stubEnv('DISPATCH_PICTURE_TIMEOUT_MS', '300');
      const { warnings } = await ingestMarkdown('slow.jpg');
      expect(warnings).toEqual([expect.stringContaining('no whole answer within 0.3 s')]);
    });

    it('refuses a picture over DISPATCH_PICTURE_MAX_BYTES', async () => {
      vi.stubEnv('DISPATCH_PICTURE_MAX_BYTES', '5000');
      const { warnings } = await ingestMarkdown('photo.jpg');
      expect(warnings).toEqual([expect.stringContaining('larger than the 5 kB limit')]);
      expect(await listing('images')).toEqual([]);
    });
  });
});
