import { leadText, type Article } from '../../content/article';
import { summarise, type PageHead } from '../../lib/head';
import { paths } from '../../lib/paths';

export function frontPageHead(lead: Article): PageHead {
  return {
    description: summarise(`${lead.headline.text}. ${leadText(lead) ?? ''}`.trim()),
    canonicalPath: paths.home.build(),
    type: 'website',
  };
}
