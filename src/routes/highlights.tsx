import { HighlightsPage } from '../features/highlights/highlights-page';
import { paths } from '../lib/paths';
import { usePageHead } from '../lib/use-page-head';

/** Highlights live in this browser only: the prerendered page is the "loading" state. */
export function Component() {
  usePageHead({
    title: 'Highlights',
    description: 'Passages you marked in stories, with your notes, kept in this browser.',
    canonicalPath: paths.highlights.build(),
    noindex: true,
  });
  return <HighlightsPage />;
}
