import { Link } from 'react-router';
import { articleQuotes, readingMinutes, type Article } from '../../content/article';
import { paths } from '../../lib/paths';
import { ArticleSectionView, SpeakerDescriptions } from './article-body';

export function ArticleView({ article }: { article: Article }) {
  const speakers = [...new Set(articleQuotes(article).map((quote) => quote.speaker))];
  const minutes = readingMinutes(article);
  return (
    <article className="article" aria-labelledby="article-headline">
      <header className="article-header">
        <h1 id="article-headline" tabIndex={-1}>
          {article.headline.text}
        </h1>
        {article.standfirst ? <p className="standfirst">{article.standfirst}</p> : null}
        <p className="article-meta">
          {article.byline ? <span>{article.byline}</span> : null}
          {article.published ? (
            <time dateTime={article.published}>{formatDate(article.published)}</time>
          ) : null}
          <span>{minutes} min read</span>
        </p>
      </header>
      <div className="article-body">
        {article.sections.map((section) => (
          <ArticleSectionView key={section.id} section={section} />
        ))}
      </div>
      <SpeakerDescriptions speakers={speakers} />
      {article.related.length > 0 ? (
        <aside className="related-stories" aria-labelledby="related-stories-heading">
          <h2 id="related-stories-heading">Related Stories</h2>
          <ul>
            {article.related.map((story) => (
              <li key={story.slug}>
                <Link to={paths.article.build(story.slug)}>{story.title}</Link>
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </article>
  );
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}
