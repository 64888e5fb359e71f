import { leadText, type Article } from '../../content/article';
import type { Edition } from '../../content/edition';
import { summarise, type PageHead } from '../../lib/head';
import { paths } from '../../lib/paths';

/** `unseen`: the stories that arrived since the page loaded, counted in the tab's title. */
export function frontPageHead(lead: Article, unseen = 0): PageHead {
  return {
    description: summarise(`${lead.headline.text}. ${leadText(lead) ?? ''}`.trim()),
    canonicalPath: paths.home.build(),
    type: 'website',
    ...(unseen > 0 ? { unseen } : {}),
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
