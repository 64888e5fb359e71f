import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { TitleOnlyStory } from '../../content/schema';
import { paths } from '../../lib/paths';
import { RelatedStoryLink } from './related-story-link';

interface TitleOnlyStoryViewProps {
  story: TitleOnlyStory;
  /** The bookmark control, composed by the route. */
  bookmark?: ReactNode;
  /** Controls beside each other related story (a bookmark toggle). */
  renderStoryAction?: (story: { slug: string; title: string }) => ReactNode;
}

/**
 * A story the edition knows only by its title. It says so plainly, invents nothing, and offers
 * the ways on: the articles it is related to and their other related stories.
 */
export function TitleOnlyStoryView({
  story,
  bookmark,
  renderStoryAction,
}: TitleOnlyStoryViewProps) {
  return (
    <article className="title-only-story" aria-labelledby="story-headline">
      <header className="article-header">
        <p className="kicker">Related story</p>
        <h1 id="story-headline" tabIndex={-1}>
          {story.headline.text}
        </h1>
        <div className="story-actions">{bookmark}</div>
      </header>
      <p className="title-only-notice">
        The full text of this story is not part of this edition. Dispatch knows only its title.
      </p>
      {story.relatedTo.length > 0 ? (
        <section aria-labelledby="related-to-heading" className="story-links">
          <h2 id="related-to-heading">Related to</h2>
          <ul>
            {story.relatedTo.map((article) => (
              <li key={article.slug}>
                <Link to={paths.article.build(article.slug)}>{article.headline}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {story.others.length > 0 ? (
        <section aria-labelledby="other-related-heading" className="story-links related-stories">
          <h2 id="other-related-heading">Other related stories</h2>
          <ul>
            {story.others.map((other) => (
              <li key={other.slug}>
                <RelatedStoryLink slug={other.slug} title={other.title} />
                {renderStoryAction?.(other)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
