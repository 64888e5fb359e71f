/**
 * The last step of the build: Pagefind indexes the prerendered article pages and writes its
 * chunked index, so the browser fetches only the fragments a query needs. What it reads is
 * marked in the pages: `data-pagefind-body` on the article's text (headings, paragraphs and the
 * quotations in them), `data-pagefind-ignore` on controls inside it.
 *
 * Each story is indexed under its own language, so its words are stemmed as that language's:
 * the site's language in one bundle, every other one in a bundle of its own, listed for the
 * search page to load too (lib/search-bundles.ts).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { close, createIndex } from 'pagefind';
import { contentPaths } from '../content/content-paths.ts';
import { searchBundles, SITE_LANGUAGE } from '../lib/search-bundles.ts';
import { syncFolder } from './files.ts';

/** The language a story is indexed under: its language's primary subtag, else the site's. */
async function languageOf(distDir: string, slug: string): Promise<string> {
  try {
    const story = JSON.parse(
      await readFile(join(distDir, 'content', contentPaths.article(slug)), 'utf8'),
    ) as { lang?: unknown };
    if (typeof story.lang === 'string') return story.lang.split('-')[0]!.toLowerCase();
  } catch {
    // A page with no story of its own is indexed in the site's language.
  }
  return SITE_LANGUAGE;
}

/** Only each story's own page: section and quotation pages repeat its text. */
const ARTICLE_PAGES = 'articles/*/index.html';

/**
 * One language's bundle. When its pages are every article page (an edition in one language),
 * Pagefind reads them from disk itself; otherwise they are handed to it one by one, which costs
 * about 2 ms a page more (1.5 s for 1,000 stories).
 */
async function writeLanguageIndex(
  distDir: string,
  language: string,
  slugs: readonly string[] | 'all',
  outputPath: string,
): Promise<void> {
  const { index, errors } = await createIndex({ forceLanguage: language });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const failed: string[] = [];
  if (slugs === 'all') {
    failed.push(...(await index.addDirectory({ path: distDir, glob: ARTICLE_PAGES })).errors);
  } else {
    for (const slug of slugs) {
      const sourcePath = ARTICLE_PAGES.replace('*', slug);
      const content = await readFile(join(distDir, sourcePath), 'utf8');
      failed.push(...(await index.addHTMLFile({ sourcePath, content })).errors);
    }
  }
  if (failed.length > 0) throw new Error(`Pagefind: ${failed.join('; ')}`);
  const written = await index.writeFiles({ outputPath });
  if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
  // Pagefind's ready-made interfaces: Dispatch has its own, so they are not served.
  for (const name of await readdir(outputPath)) {
    if (/-ui\.(js|css)$|^pagefind-highlight\.js$/.test(name)) await rm(join(outputPath, name));
  }
}

/**
 * Indexes the edition's article pages into a folder of its own, then makes the build's
 * `pagefind/` hold the same files: those that differ are written, those gone are removed, so a
 * rebuild changes only the index files a change touched.
 */
export async function writeSearchIndex(
  distDir: string,
): Promise<{ pages: number; languages: string[]; written: number; removed: number }> {
  const slugs = (await readdir(join(distDir, 'articles'), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const languages = await Promise.all(slugs.map((slug) => languageOf(distDir, slug)));
  const byLanguage = new Map<string, string[]>([[SITE_LANGUAGE, []]]);
  slugs.forEach((slug, index) => {
    const language = languages[index]!;
    if (!byLanguage.has(language)) byLanguage.set(language, []);
    byLanguage.get(language)!.push(slug);
  });
  const work = await mkdtemp(join(tmpdir(), 'dispatch-search-'));
  try {
    const main = join(work, searchBundles.main);
    const others = [...byLanguage.keys()].filter((language) => language !== SITE_LANGUAGE);
    const ours = others.length === 0 ? 'all' : byLanguage.get(SITE_LANGUAGE)!;
    await writeLanguageIndex(distDir, SITE_LANGUAGE, ours, main);
    for (const language of others) {
      const outputPath = join(work, searchBundles.of(language));
      await mkdir(outputPath, { recursive: true });
      await writeLanguageIndex(distDir, language, byLanguage.get(language)!, outputPath);
    }
    await writeFile(join(work, searchBundles.languages), `${JSON.stringify(others)}\n`);
    const { written, removed } = await syncFolder(
      join(work, searchBundles.main),
      join(distDir, searchBundles.main),
    );
    return {
      pages: slugs.length,
      languages: [...byLanguage.keys()],
      written: written.length,
      removed: removed.length,
    };
  } finally {
    await close();
    await rm(work, { recursive: true, force: true });
  }
}
