import type { ReactNode } from 'react';
import { blockAnchor, type ArticleSection } from '../../content/article';
import type { Block, InlineNode } from '../../content/schema';
import { paths } from '../../lib/paths';

/** DOM id of a quotation inside the article, kept apart from section ids. */
export const quoteElementId = paths.quoteInContext.elementId;

export function speakerElementId(speaker: string): string {
  return `speaker-${speaker.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-')}`;
}

/**
 * Inline text. A quotation is a `q` whose speaker is its accessible description; the quotation
 * marks are published text, so they stay as text around it and CSS adds none.
 */
function renderInline(node: InlineNode, index: number, highlightedQuote?: string): ReactNode {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'quote':
      return (
        <q
          key={index}
          id={quoteElementId(node.id)}
          tabIndex={-1}
          className={`inline-quote inline-quote-${node.kind}${
            node.id === highlightedQuote ? ' is-highlighted' : ''
          }`}
          aria-describedby={node.speaker ? speakerElementId(node.speaker) : undefined}
        >
          {node.text}
        </q>
      );
  }
}

function renderBlock(
  block: Block,
  index: number,
  sectionId: string,
  highlightedQuote?: string,
): ReactNode {
  switch (block.type) {
    case 'paragraph':
      return (
        <p key={index} data-anchor={blockAnchor(sectionId, index)}>
          {block.content.map((node, nodeIndex) => renderInline(node, nodeIndex, highlightedQuote))}
        </p>
      );
  }
}

interface ArticleSectionViewProps {
  section: ArticleSection;
  current: boolean;
  /** The heading's share control, when the section has a heading. */
  share?: ReactNode;
  /** The id of a quotation a deep link points at, to highlight. */
  highlightedQuote?: string;
  /**
   * The region's name when the heading is not unique in the article ("Trade (2)"), so each
   * landmark has a name of its own; the visible heading stays as published.
   */
  label?: string;
}

export const sectionHeadingId = paths.sectionHeading.elementId;

export function ArticleSectionView({
  section,
  current,
  share,
  highlightedQuote,
  label,
}: ArticleSectionViewProps) {
  const headingId = sectionHeadingId(section.id);
  return (
    <section
      id={section.id}
      className="article-section"
      aria-labelledby={section.heading && !label ? headingId : undefined}
      aria-label={section.heading ? label : undefined}
      data-current={current || undefined}
    >
      {section.heading ? (
        <div className="section-heading">
          <h2 id={headingId} tabIndex={-1}>
            {section.heading}
          </h2>
          {share}
        </div>
      ) : null}
      {section.blocks.map((block, index) =>
        renderBlock(block, index, section.id, highlightedQuote),
      )}
    </section>
  );
}

/** Hidden descriptions that name each speaker, referenced by the quotations. */
export function SpeakerDescriptions({ speakers }: { speakers: readonly string[] }) {
  return (
    <div hidden>
      {speakers.map((speaker) => (
        <span key={speaker} id={speakerElementId(speaker)}>
          Quotation from {speaker}
        </span>
      ))}
    </div>
  );
}
