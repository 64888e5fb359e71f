import type { Article } from '../../content/article';
import { blockText } from '../../content/article';
import { summarise, type PageHead } from '../../lib/head';
import { paths } from '../../lib/paths';

export function frontPageHead(lead: Article): PageHead {
  const first = lead.sections[0]?.blocks[0];
  const summary = lead.standfirst ?? (first ? blockText(first) : undefined);
  return {
    description: summarise(`${lead.headline.text}. ${summary ?? ''}`.trim()),
    canonicalPath: paths.home.build(),
    type: 'website',
  };
}
