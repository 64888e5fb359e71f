/**
 * The search index: Pagefind indexes the prerendered article pages and writes its chunked index,
 * so the browser fetches only the fragments a query needs. What it reads is marked in the pages:
 * `data-pagefind-body` on the article's text (headings, paragraphs and the quotations in them),
 * `data-pagefind-ignore` on controls inside it.
 *
 * Each story is indexed under its own language, so its words are stemmed as that language's:
 * the site's language in one bundle, every other one in a bundle of its own, listed for the
 * search page to load too (lib/search-bundles.ts).
 *
 * Pagefind cannot add to or remove from an index it wrote: an index is made whole, at about
 * 1.5 ms an article on two cores. So a large edition's bundle for the site's language is made in
 * parts of about `searchPartSize()` articles, each a bundle of its own that the search page
 * merges into the first (Pagefind's `mergeIndex`), and a rebuild makes again only the bundles
 * that hold an article that changed, came or went. A story's part is a hash of its slug, so it
 * stays in its part until the edition doubles and the parts with it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { close, createIndex } from 'pagefind';
import { searchBundles, SITE_LANGUAGE } from '../lib/search-bundles.ts';
import { digest, filesBelow, removeFiles, syncFolder, writeIfChanged } from './files.ts';
import { eachLimited } from '../lib/limit.ts';
import { isPrecompressedCopy } from '../server/site-rules.ts';

/** One Pagefind bundle: where it goes, the language it stems as, the stories it holds. */
export interface SearchBundle {
  /** Below the build's folder, ending in `/`: `pagefind/`, `pagefind/part-2/`, `pagefind/de/`. */
  path: string;
  language: string;
  slugs: string[];
}

/** The language a story is indexed under: its language's primary subtag, else the site's. */
export function searchLanguage(lang: unknown): string {
  return typeof lang === 'string' && lang ? lang.split('-')[0]!.toLowerCase() : SITE_LANGUAGE;
}

/** About how many articles a part of the site language's bundle holds (a part takes ~4 s). */
export function searchPartSize(): number {
  const size = Number(process.env.DISPATCH_SEARCH_PART_SIZE ?? 2500);
  return Number.isInteger(size) && size > 0 ? size : 2500;
}

/**
 * The edition's bundles: the site language's in as many parts as its stories need (a power of
 * two, so a story moves only when the count doubles), every other language's whole.
 */
export function planSearch(
  stories: readonly { slug: string; language: string }[],
  partSize = searchPartSize(),
): SearchBundle[] {
  const ours = stories.filter((story) => story.language === SITE_LANGUAGE);
  let parts = 1;
  while (ours.length > parts * partSize) parts *= 2;
  const bundles: SearchBundle[] = Array.from({ length: parts }, (_, index) => ({
    path: index === 0 ? searchBundles.main : searchBundles.part(index + 1),
    language: SITE_LANGUAGE,
    slugs: [],
  }));
  for (const { slug } of ours) {
    bundles[parseInt(digest(slug).slice(0, 8), 16) % parts]!.slugs.push(slug);
  }
  const others = new Map<string, string[]>();
  for (const { slug, language } of stories) {
    if (language !== SITE_LANGUAGE) others.set(language, [...(others.get(language) ?? []), slug]);
  }
  for (const [language, slugs] of [...others].sort(([a], [b]) => a.localeCompare(b))) {
    bundles.push({ path: searchBundles.of(language), language, slugs });
  }
  for (const bundle of bundles) bundle.slugs.sort();
  return bundles;
}

/** A story's own page: section and quotation pages repeat its text. */
const articlePage = (slug: string) => `articles/${slug}/index.html`;

/**
 * One bundle, made whole into `outputPath`. A bundle of every article page (a small edition in
 * one language) has Pagefind read them from disk itself; otherwise they are handed to it.
 */
async function writeBundle(
  distDir: string,
  bundle: SearchBundle,
  outputPath: string,
  everyArticle: boolean,
) {
  const { index, errors } = await createIndex({ forceLanguage: bundle.language });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const failed: string[] = [];
  if (everyArticle) {
    const glob = articlePage('*');
    failed.push(...(await index.addDirectory({ path: distDir, glob })).errors);
  } else {
    const contents: string[] = [];
    await eachLimited([...bundle.slugs.keys()], 16, async (at) => {
      contents[at] = await readFile(join(distDir, articlePage(bundle.slugs[at]!)), 'utf8');
    });
    // Sent all at once, in order: Pagefind reads them in that order (so the same pages make the
    // same index), and no page waits on the answer for the one before.
    const added = await Promise.all(
      bundle.slugs.map((slug, at) =>
        index.addHTMLFile({ sourcePath: articlePage(slug), content: contents[at]! }),
      ),
    );
    failed.push(...added.flatMap((result) => result.errors));
  }
  if (failed.length > 0) throw new Error(`Pagefind: ${failed.join('; ')}`);
  const written = await index.writeFiles({ outputPath });
  if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
}

/** Pagefind's ready-made interfaces, and each part's own copy of its script: never loaded. */
const UNUSED = /(^|\/)(pagefind-[a-z-]*ui\.(js|css)|pagefind-highlight\.js)$/;

/**
 * Makes the bundles named in `changed` again (each into a folder of its own, then into the
 * build, file by file: only what differs is written), removes bundles the plan no longer has,
 * and writes the lists the search page reads.
 */
export async function writeSearchIndex(
  distDir: string,
  bundles: readonly SearchBundle[],
  changed: ReadonlySet<string>,
): Promise<{ made: number; written: number; removed: number }> {
  const work = await mkdtemp(join(tmpdir(), 'dispatch-search-'));
  let written = 0;
  let removed = 0;
  // A bundle's folder holds other bundles' folders (`pagefind/de/` in `pagefind/`): left alone.
  const nested = (path: string) =>
    bundles.map((other) => other.path).filter((other) => other !== path && other.startsWith(path));
  try {
    for (const bundle of bundles.filter(({ path }) => changed.has(path))) {
      const made = join(work, bundle.path);
      await writeBundle(distDir, bundle, made, bundles.length === 1);
      for (const file of await filesBelow(made)) {
        if (UNUSED.test(file)) await rm(join(made, file));
      }
      const synced = await syncFolder(made, join(distDir, bundle.path), {
        // The copies of its files are the last step's (precompress.ts), which removes those
        // of a file gone and makes those of a file changed.
        spare: isPrecompressedCopy,
        ignore: [
          ...nested(bundle.path).map((path) => path.slice(bundle.path.length)),
          ...[searchBundles.languages, searchBundles.parts].map((list) =>
            list.slice(searchBundles.main.length),
          ),
        ],
      });
      written += synced.written.length;
      removed += synced.removed.length;
    }
  } finally {
    await close();
    await rm(work, { recursive: true, force: true });
  }
  // A bundle the plan no longer has (a language gone; parts, when their count changed).
  const current = bundles.map((bundle) => bundle.path);
  const stale = (await filesBelow(join(distDir, searchBundles.main)))
    .map((file) => `${searchBundles.main}${file}`)
    .filter((file) => {
      const owner = current
        .filter((path) => file.startsWith(path))
        .sort((a, b) => b.length - a.length)[0];
      // The main bundle's own files sit in its folder or its `fragment/` and `index/` folders.
      return (
        owner === searchBundles.main && !/^pagefind\/((fragment|index)\/[^/]+|[^/]+)$/.test(file)
      );
    });
  removed += await removeFiles(distDir, stale);
  const languages = bundles.filter((bundle) => bundle.language !== SITE_LANGUAGE);
  const parts = bundles.filter(
    (bundle) => bundle.language === SITE_LANGUAGE && bundle.path !== searchBundles.main,
  );
  for (const [file, list] of [
    [searchBundles.languages, languages.map((bundle) => bundle.language)],
    [searchBundles.parts, parts.map((bundle) => bundle.path)],
  ] as const) {
    if (await writeIfChanged(join(distDir, file), `${JSON.stringify(list)}\n`)) written += 1;
  }
  return { made: changed.size, written, removed };
}
