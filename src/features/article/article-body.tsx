import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { blockAnchor, type ArticleSection } from '../../content/article';
import {
  quoteContent,
  type Block,
  type InlineNode,
  type LinkNode,
  type TableCell,
} from '../../content/nodes';
import { StoryPicture } from '../../components/story-picture';
import { paths } from '../../lib/paths';
import { absoluteUrl } from '../../lib/site';

/** DOM id of a quotation inside the article, kept apart from section ids. */
export const quoteElementId = paths.quoteInContext.elementId;

export function speakerElementId(speaker: string): string {
  return `speaker-${speaker.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-')}`;
}

/** Descriptions that say where a link leads, read after its words (see LinkHints). */
export const LINK_HINT = { web: 'link-hint-web', email: 'link-hint-email' } as const;

function StoryLink({ node, children }: { node: LinkNode; children: ReactNode }) {
  if (node.story) {
    const path = paths.article.build(node.story);
    return (
      <Link to={path} data-print-url={absoluteUrl(path)}>
        {children}
      </Link>
    );
  }
  const email = node.url.toLowerCase().startsWith('mailto:');
  return (
    <a
      href={node.url}
      className={email ? 'email-link' : 'external-link'}
      aria-describedby={email ? LINK_HINT.email : LINK_HINT.web}
    >
      {children}
    </a>
  );
}

/**
 * Inline text as published. A quotation is a `q` whose speaker is its accessible description;
 * the quotation marks are published text, so they stay as text around it and CSS adds none.
 * Only a quotation's first part carries its id: a deep link lands where it begins.
 */
function renderInline(
  nodes: readonly InlineNode[],
  highlightedQuote: string | undefined,
): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'break':
        return <br key={index} />;
      case 'code':
        return <code key={index}>{node.text}</code>;
      case 'emphasis':
        return <em key={index}>{renderInline(node.content, highlightedQuote)}</em>;
      case 'strong':
        return <strong key={index}>{renderInline(node.content, highlightedQuote)}</strong>;
      case 'subscript':
        return <sub key={index}>{renderInline(node.content, highlightedQuote)}</sub>;
      case 'superscript':
        return <sup key={index}>{renderInline(node.content, highlightedQuote)}</sup>;
      case 'link':
        return (
          <StoryLink key={index} node={node}>
            {renderInline(node.content, highlightedQuote)}
          </StoryLink>
        );
      case 'quote':
        return (
          <q
            key={index}
            id={node.continued ? undefined : quoteElementId(node.id)}
            tabIndex={node.continued ? undefined : -1}
            className={`inline-quote inline-quote-${node.kind}${
              node.id === highlightedQuote ? ' is-highlighted' : ''
            }`}
            aria-describedby={node.speaker ? speakerElementId(node.speaker) : undefined}
          >
            {node.text ?? renderInline(quoteContent(node), highlightedQuote)}
          </q>
        );
    }
  });
}

function renderCells(row: readonly TableCell[], highlightedQuote: string | undefined) {
  return row.map((cell, index) => {
    const Cell = cell.header ? 'th' : 'td';
    return (
      <Cell key={index} scope={cell.scope} colSpan={cell.colspan} rowSpan={cell.rowspan}>
        {renderInline(cell.content, highlightedQuote)}
      </Cell>
    );
  });
}

function renderRows(
  Group: 'thead' | 'tbody' | 'tfoot',
  rows: readonly TableCell[][] | undefined,
  highlightedQuote: string | undefined,
) {
  if (!rows || rows.length === 0) return null;
  return (
    <Group>
      {rows.map((row, index) => (
        <tr key={index}>{renderCells(row, highlightedQuote)}</tr>
      ))}
    </Group>
  );
}

interface BlockPlace {
  /** The block's reading-position anchor, for blocks of the section itself. */
  anchor?: string;
  /** A prefix for the ids a block needs (a table's caption), unique in the page. */
  idPrefix: string;
}

/** One switch renders every kind of block; nested blocks (list items, quotes) come back here. */
function renderBlock(
  block: Block,
  index: number,
  place: BlockPlace,
  highlightedQuote: string | undefined,
): ReactNode {
  const nested = (blocks: readonly Block[], prefix: string) =>
    blocks.map((child, childIndex) =>
      renderBlock(child, childIndex, { idPrefix: `${prefix}-${childIndex}` }, highlightedQuote),
    );
  const id = place.idPrefix;
  switch (block.type) {
    case 'paragraph':
      return (
        <p key={index} data-anchor={place.anchor}>
          {renderInline(block.content, highlightedQuote)}
        </p>
      );
    case 'subheading':
      return (
        <h3 key={index} data-anchor={place.anchor}>
          {block.text}
        </h3>
      );
    case 'list': {
      const List = block.ordered ? 'ol' : 'ul';
      return (
        <List key={index} start={block.start} data-anchor={place.anchor} className="story-list">
          {block.items.map((item, itemIndex) => {
            const only = item.length === 1 && item[0]!.type === 'paragraph' ? item[0] : undefined;
            return (
              <li key={itemIndex}>
                {only
                  ? renderInline(only.content, highlightedQuote)
                  : nested(item, `${id}-${itemIndex}`)}
              </li>
            );
          })}
        </List>
      );
    }
    case 'blockquote':
      return (
        <figure key={index} className="story-quote" data-anchor={place.anchor}>
          <blockquote>{nested(block.blocks, id)}</blockquote>
          {block.attribution ? (
            <figcaption>{renderInline(block.attribution, highlightedQuote)}</figcaption>
          ) : null}
        </figure>
      );
    case 'table': {
      const captionId = `${id}-caption`;
      // A wide table scrolls inside its own region, which the keyboard can reach and scroll.
      return (
        <div
          key={index}
          className="story-table"
          role="region"
          tabIndex={0}
          aria-labelledby={block.caption ? captionId : undefined}
          aria-label={block.caption ? undefined : 'Table'}
          data-anchor={place.anchor}
        >
          <table>
            {block.caption ? (
              <caption id={captionId}>{renderInline(block.caption, highlightedQuote)}</caption>
            ) : null}
            {renderRows('thead', block.head, highlightedQuote)}
            {renderRows('tbody', block.body, highlightedQuote)}
            {renderRows('tfoot', block.foot, highlightedQuote)}
          </table>
        </div>
      );
    }
    case 'preformatted':
      return (
        <pre key={index} className="story-pre" tabIndex={0} data-anchor={place.anchor}>
          {block.text}
        </pre>
      );
    case 'figure': {
      const caption =
        block.caption || block.credit ? (
          <figcaption>
            {block.caption ? renderInline(block.caption, highlightedQuote) : null}
            {block.caption && block.credit ? ' ' : null}
            {block.credit ? <span className="story-figure-credit">{block.credit}</span> : null}
          </figcaption>
        ) : null;
      // Without the picture (it could not be had), its alt text stands in its place.
      const picture = block.picture ? (
        <StoryPicture picture={block.picture} alt={block.alt ?? ''} lead={block.lead} />
      ) : block.alt ? (
        <p className="story-figure-alt">
          <span className="story-figure-label" aria-hidden="true">
            Picture
          </span>{' '}
          {block.alt}
        </p>
      ) : null;
      // A decorative picture with nothing to say is no figure: it is left out of the outline.
      if (!caption && !block.alt) {
        return picture ? (
          <div key={index} className="story-figure" data-anchor={place.anchor}>
            {picture}
          </div>
        ) : null;
      }
      return (
        <figure key={index} className="story-figure" data-anchor={place.anchor}>
          {picture}
          {caption}
        </figure>
      );
    }
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
        renderBlock(
          block,
          index,
          { anchor: blockAnchor(section.id, index), idPrefix: `${section.id}-${index}` },
          highlightedQuote,
        ),
      )}
    </section>
  );
}

/**
 * Hidden descriptions the body's quotations and links point at: who said a quotation, and that
 * a link leads to another site or writes an email. A screen reader reads them after the words.
 */
export function InlineDescriptions({ speakers }: { speakers: readonly string[] }) {
  return (
    <div hidden>
      {speakers.map((speaker) => (
        <span key={speaker} id={speakerElementId(speaker)}>
          Quotation from {speaker}
        </span>
      ))}
      <span id={LINK_HINT.web}>Opens another website</span>
      <span id={LINK_HINT.email}>Writes an email</span>
    </div>
  );
}
