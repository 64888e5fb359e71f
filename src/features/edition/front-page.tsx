import { Link } from 'react-router';
import { leadText, readingMinutes, type Article } from '../../content/article';
import type { Edition } from '../../content/schema';
import { paths } from '../../lib/paths';

interface FrontPageProps {
  edition: Edition;
  lead: Article;
}

export function FrontPage({ edition, lead }: FrontPageProps) {
  const summary = leadText(lead);
  const others = edition.stories.filter((story) => story.slug !== edition.lead);
  const headed = lead.sections.filter((section) => section.heading);
  return (
    <div className="front-page">
      <h1 className="front-page-title" tabIndex={-1}>
        Front page
      </h1>
      <article className="lead-story" aria-labelledby="lead-story-headline">
        <p className="kicker">Lead story</p>
        <h2 id="lead-story-headline" className="lead-story-headline">
          <Link to={paths.article.build(lead.slug)}>{lead.headline.text}</Link>
        </h2>
        {summary ? <p className="lead-story-summary">{summary}</p> : null}
        <p className="article-meta">
          <span>{readingMinutes(lead)} min read</span>
        </p>
        {headed.length > 0 ? (
          <nav className="lead-story-sections" aria-label="In this story">
            <h3>In this story</h3>
            <ul>
              {headed.map((section) => (
                <li key={section.id}>
                  <Link to={paths.articleSection.build(lead.slug, section.id)}>
                    {section.heading}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </article>
      {others.length > 0 ? (
        <section className="more-stories" aria-labelledby="more-stories-heading">
          <h2 id="more-stories-heading">More in this edition</h2>
          <ul>
            {others.map((story) => (
              <li key={story.slug}>
                <Link to={paths.article.build(story.slug)}>{story.headline}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
