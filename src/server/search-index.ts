/**
 * The last step of the build: Pagefind indexes the prerendered article pages and writes its
 * chunked index to `dist/pagefind/`, so the browser fetches only the fragments a query needs.
 * What it reads is marked in the pages: `data-pagefind-body` on the article's text (headings,
 * paragraphs and the quotations in them), `data-pagefind-ignore` on controls inside it.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { close, createIndex } from 'pagefind';

/** Only each story's own page: section and quotation pages repeat its text. */
const ARTICLE_PAGES = 'articles/*/index.html';

export async function writeSearchIndex(distDir: string): Promise<{ pages: number }> {
  try {
    const { index, errors } = await createIndex({ forceLanguage: 'en' });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: distDir, glob: ARTICLE_PAGES });
    if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
    const outputPath = join(distDir, 'pagefind');
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
    // Pagefind's ready-made interfaces: Dispatch has its own, so they are not served.
    for (const name of await readdir(outputPath)) {
      if (/-ui\.(js|css)$|^pagefind-highlight\.js$/.test(name)) await rm(join(outputPath, name));
    }
    return { pages: added.page_count };
  } finally {
    await close();
  }
}
