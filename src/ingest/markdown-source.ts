/**
 * A story written in Markdown (CommonMark with GFM tables), read by mdast's parser into the
 * source model: `# Headline` first, `##` sections, deeper headings subheadings, lists, block
 * quotes, tables, code blocks, and a picture standing alone in its paragraph as a figure.
 * Editorial facts (byline, dates, language) belong in the metadata file, not in the text.
 */
import type {
  BlockContent,
  Definition,
  Image,
  ListItem,
  Nodes,
  PhrasingContent,
  Root,
  RootContent,
  TableRow,
} from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import { Diagnostics, IngestError, locator } from './errors.ts';
import { takeRelated } from './related.ts';
import { RichTextBuilder } from './rich-text.ts';
import {
  takeDashAttribution,
  type RichText,
  type SourceBlock,
  type SourceCell,
  type SourcePosition,
  type SourceStory,
} from './source.ts';

const PUBLIC_URL = /^(?:https?:\/\/|mailto:)/i;

class MarkdownReader {
  private readonly locate: (offset: number) => SourcePosition;
  private readonly definitions = new Map<string, Definition>();

  constructor(
    root: Root,
    source: string,
    private readonly diagnostics: Diagnostics,
  ) {
    this.locate = locator(source);
    const collect = (node: Nodes) => {
      if (node.type === 'definition') this.definitions.set(node.identifier.toLowerCase(), node);
      if ('children' in node) node.children.forEach(collect);
    };
    collect(root);
  }

  positionOf(node: Nodes): SourcePosition {
    const start = node.position?.start;
    return start ? { line: start.line, column: start.column } : { line: 1, column: 1 };
  }

  private offsetOf(node: Nodes): number {
    return node.position?.start.offset ?? -1;
  }

  rich(nodes: readonly PhrasingContent[], at: SourcePosition): RichText {
    const builder = new RichTextBuilder();
    for (const node of nodes) this.inline(node, builder);
    return builder.finish({ locate: this.locate, fallback: at });
  }

  private inline(node: PhrasingContent, builder: RichTextBuilder): void {
    switch (node.type) {
      case 'text':
        return builder.append(node.value, this.offsetOf(node));
      case 'inlineCode': {
        const close = builder.open('code');
        builder.append(node.value, this.offsetOf(node) + 1);
        return close();
      }
      case 'break':
        return builder.lineBreak(this.offsetOf(node));
      case 'emphasis':
      case 'strong': {
        const close = builder.open(node.type);
        node.children.forEach((child) => this.inline(child, builder));
        return close();
      }
      case 'link':
        return this.link(node.url, node, node.children, builder);
      case 'linkReference': {
        const definition = this.definitions.get(node.identifier.toLowerCase());
        return this.link(definition?.url ?? '', node, node.children, builder);
      }
      case 'image':
      case 'imageReference':
        if (node.alt)
          this.diagnostics.warn(
            this.positionOf(node),
            `a picture inside a line of text is left out (alt text “${node.alt}”)`,
          );
        return;
      case 'html':
        if (/^<br\s*\/?>$/i.test(node.value.trim())) return builder.lineBreak(this.offsetOf(node));
        this.diagnostics.warn(
          this.positionOf(node),
          `HTML in Markdown is kept as text: ${node.value}`,
        );
        return builder.append(node.value, this.offsetOf(node));
      default:
        if ('children' in node)
          (node.children as PhrasingContent[]).forEach((child) => this.inline(child, builder));
        else if ('value' in node) builder.append(String(node.value), this.offsetOf(node));
    }
  }

  private link(
    url: string,
    node: Nodes,
    children: readonly PhrasingContent[],
    builder: RichTextBuilder,
  ): void {
    if (PUBLIC_URL.test(url)) {
      const close = builder.open('link', url);
      children.forEach((child) => this.inline(child, builder));
      return close();
    }
    this.diagnostics.warn(
      this.positionOf(node),
      `link to “${url}” kept as text: only absolute http:, https: and mailto: links are kept`,
    );
    children.forEach((child) => this.inline(child, builder));
  }

  /**
   * A picture alone in its paragraph: its title is the caption. Markdown cannot mark a picture
   * decorative (`![](x.jpg)` is no alt, not an empty one), so one with neither alt nor title
   * is reported.
   */
  private figure(image: Image, at: SourcePosition): SourceBlock {
    const url = image.url.trim();
    if (!image.alt && !image.title)
      this.diagnostics.warn(
        this.positionOf(image),
        `a picture with neither alt text nor a caption (${url || 'no address'}): a reader who cannot see it is told nothing`,
      );
    return {
      kind: 'figure',
      ...(/^https?:\/\//i.test(url) ? { imageUrl: url } : {}),
      ...(url ? { picture: { key: url, candidates: [url] } } : {}),
      ...(image.alt ? { alt: image.alt } : {}),
      ...(image.title ? { caption: this.rich([{ type: 'text', value: image.title }], at) } : {}),
      ...at,
    };
  }

  blocks(nodes: readonly (RootContent | BlockContent)[]): SourceBlock[] {
    return nodes.flatMap((node) => this.block(node));
  }

  private block(node: RootContent | BlockContent): SourceBlock[] {
    const at = this.positionOf(node);
    switch (node.type) {
      case 'heading': {
        const text = this.rich(node.children, at).text.replace(/\n/g, ' ');
        return text ? [{ kind: 'heading', level: node.depth, text, ...at }] : [];
      }
      case 'paragraph': {
        const meaningful = node.children.filter(
          (child) => !(child.type === 'text' && child.value.trim() === ''),
        );
        const only = meaningful.length === 1 ? meaningful[0] : undefined;
        if (only?.type === 'image') return [this.figure(only, at)];
        const rich = this.rich(node.children, at);
        return rich.text ? [{ kind: 'paragraph', rich, ...at }] : [];
      }
      case 'list': {
        const items = node.children
          .map((item: ListItem) => this.blocks(item.children))
          .filter((item) => item.length > 0);
        return items.length > 0
          ? [
              {
                kind: 'list',
                ordered: node.ordered === true,
                ...(node.ordered && typeof node.start === 'number' ? { start: node.start } : {}),
                items,
                ...at,
              },
            ]
          : [];
      }
      case 'blockquote': {
        const blocks = this.blocks(node.children);
        const attribution = takeDashAttribution(blocks);
        return blocks.length > 0
          ? [{ kind: 'blockquote', blocks, ...(attribution ? { attribution } : {}), ...at }]
          : [];
      }
      case 'table': {
        const row = (cells: TableRow, header: boolean): SourceCell[] =>
          cells.children.map((cell) => ({
            header,
            ...(header ? { scope: 'col' as const } : {}),
            rich: this.rich(cell.children, this.positionOf(cell)),
          }));
        const [head, ...body] = node.children;
        return head
          ? [
              {
                kind: 'table',
                head: [row(head, true)],
                body: body.map((cells) => row(cells, false)),
                foot: [],
                ...at,
              },
            ]
          : [];
      }
      case 'code':
        return node.value.trim() ? [{ kind: 'preformatted', text: node.value, ...at }] : [];
      case 'html': {
        this.diagnostics.warn(at, 'HTML in Markdown is kept as text');
        return [
          {
            kind: 'paragraph',
            rich: this.rich([{ type: 'text', value: node.value }], at),
            ...at,
          },
        ];
      }
      default:
        // Definitions, thematic breaks: nothing a reader reads.
        return [];
    }
  }
}

export function parseMarkdownSource(
  source: string,
  file: string,
  diagnostics = new Diagnostics(file),
): SourceStory {
  const root = fromMarkdown(source.replace(/^\uFEFF/, ''), {
    extensions: [gfmTable()],
    mdastExtensions: [gfmTableFromMarkdown()],
  });
  const reader = new MarkdownReader(root, source, diagnostics);
  const blocks = reader.blocks(root.children);
  const first = blocks[0];
  // The story's own `# Headline`, when it opens with one.
  const headline = first?.kind === 'heading' && first.level === 1 ? first.text : undefined;
  if (headline !== undefined) blocks.shift();
  const related = takeRelated(blocks);
  if (blocks.length === 0) throw new IngestError(file, 1, 1, 'empty file: there is no story text');
  return { ...(headline ? { headline } : {}), blocks, related };
}
