import { leadText, type Article } from '../../content/article';
import type { Edition } from '../../content/edition';
import { summarise, type PageHead } from '../../lib/head';
import { paths } from '../../lib/paths';

export function frontPageHead(lead: Article): PageHead {
  return {
    description: summarise(`${lead.headline.text}. ${leadText(lead) ?? ''}`.trim()),
    canonicalPath: paths.home.build(),
    type: 'website',
  };
}

export function editionPageHead(edition: Edition): PageHead {
  return {
    title: `Stories, page ${edition.page} of ${edition.pageCount}`,
    description: summarise(
      `Dispatch: ${edition.storyCount} stories. This page: ${edition.stories.map((story) => story.headline).join('; ')}`,
    ),
    canonicalPath: paths.editionPage.build(edition.page),
    type: 'website',
  };
}
