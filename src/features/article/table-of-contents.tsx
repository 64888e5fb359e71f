import { Link } from 'react-router';
import type { ArticleSection } from '../../content/article';

interface TableOfContentsProps {
  sections: readonly ArticleSection[];
  activeId?: string;
}

function ContentsList({ sections, activeId }: TableOfContentsProps) {
  return (
    <ol className="toc-list">
      {sections.map((section) => (
        <li key={section.id}>
          <Link
            to={{ hash: section.id }}
            aria-current={section.id === activeId ? 'location' : undefined}
          >
            {section.heading}
          </Link>
        </li>
      ))}
    </ol>
  );
}

/**
 * The article's sections as plain fragment links, so they work before and without JavaScript.
 * A sticky side column on wide screens; on a phone, a collapsed "Jump to" that takes one line.
 * Both are in the HTML and CSS shows one, so nothing shifts when the layout changes.
 */
export function TableOfContents({ sections, activeId }: TableOfContentsProps) {
  const headed = sections.filter((section) => section.heading);
  if (headed.length === 0) return null;
  return (
    <>
      <nav className="toc toc-side" aria-label="Contents">
        <h2 className="toc-title">Contents</h2>
        <ContentsList sections={headed} activeId={activeId} />
      </nav>
      <details className="toc toc-compact">
        <summary>Jump to</summary>
        <nav aria-label="Jump to">
          <ContentsList sections={headed} activeId={activeId} />
        </nav>
      </details>
    </>
  );
}
