import * as v from 'valibot';
import type { Block, Figure, InlineNode, Picture, QuoteNode, TableCell } from '../content/nodes.ts';
import { articleSchema, type ArticleDocument, type Section } from '../content/schema.ts';
import { slugForTitle, slugify } from '../content/slug.ts';
import { attributeQuotations, type ParagraphInput } from './attribution.ts';
import { directionOf } from './direction.ts';
import { Diagnostics, IngestError } from './errors.ts';
import { inlineNodes, type QuoteRange } from './inline-tree.ts';
import type { StoryMeta } from './meta.ts';
import { findQuotations, type FlowText, type QuotationPart } from './quotations.ts';
import {
  plainRich,
  type RichText,
  type SourceBlock,
  type SourceCell,
  type SourceStory,
} from './source.ts';

/** Where each part of a story comes from, for located errors. */
export interface StoryFiles {
  /** The source text or page, as the newsroom published it. */
  source: string;
  /** The editorial metadata file. */
  meta: string;
}

/**
 * The build's pictures: the one made from a file of `content/images/` (a metadata file's
 * `images` entry: its file and focus), or nothing when it could not be made.
 */
export type PictureLookup = (file: string, focus?: { x: number; y: number }) => Picture | undefined;

/** Words of a quotation its default id is made from. */
const ID_WORDS = 6;
const ID_MAX_LENGTH = 60;

/**
 * A quotation's id, from its first words: the same text always gives the same id, so ids are
 * stable across re-ingests, and an edit elsewhere in the story leaves them alone.
 */
export function quoteIdFor(text: string): string {
  const words = text.trim().split(/\s+/).slice(0, ID_WORDS).join(' ');
  return slugify(words).slice(0, ID_MAX_LENGTH).replace(/-+$/, '');
}

function unique(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

type Heading = Extract<SourceBlock, { kind: 'heading' }>;

/** Headings at the story's top level start sections; deeper ones are subheadings. */
function sectionLevel(blocks: readonly SourceBlock[]): number {
  return Math.min(7, ...blocks.flatMap((block) => (block.kind === 'heading' ? [block.level] : [])));
}

const asParagraph = ({ text, line, column }: Heading): SourceBlock => ({
  kind: 'paragraph',
  rich: plainRich(text, { line, column }),
  line,
  column,
});

/**
 * A heading needs text under it: a section heading followed by another, or by nothing, is text,
 * and so is a subheading with no text before the next section or the end.
 */
function withBodies(blocks: readonly SourceBlock[], level: number): SourceBlock[] {
  const starts = (block: SourceBlock | undefined) =>
    block === undefined || (block.kind === 'heading' && block.level <= level);
  return blocks.map((block, index) =>
    block.kind === 'heading' && starts(blocks[index + 1]) ? asParagraph(block) : block,
  );
}

/** A paragraph's place among the story's flowing text, where quotations are found. */
interface Flow {
  rich: RichText;
  input: ParagraphInput;
  scan: FlowText;
  parts: QuotationPart[];
}

/** The paragraphs of a story in reading order, in list items and block quotes too. */
function collectFlows(sections: readonly SourceBlock[][]): Map<RichText, Flow> {
  const flows = new Map<RichText, Flow>();
  let previous: RichText | undefined;
  const visit = (blocks: readonly SourceBlock[], sectionStart: boolean) => {
    let start = sectionStart;
    blocks.forEach((block, index) => {
      switch (block.kind) {
        case 'paragraph': {
          const before = blocks[index - 1];
          const follows = before?.kind === 'paragraph' && before.rich === previous;
          flows.set(block.rich, {
            rich: block.rich,
            input: { text: block.rich.text, sectionStart: start },
            scan: {
              text: block.rich.text,
              skip: block.rich.marks
                .filter((mark) => mark.kind === 'code')
                .map((mark) => [mark.from, mark.to] as const),
              follows,
            },
            parts: [],
          });
          previous = block.rich;
          start = false;
          break;
        }
        case 'list':
          for (const item of block.items) visit(item, start);
          start = false;
          break;
        case 'blockquote':
          visit(block.blocks, start);
          start = false;
          break;
        default:
          previous = undefined;
      }
    });
  };
  sections.forEach((blocks, index) => visit(blocks, index > 0));
  return flows;
}

/** The quotation marks that close a part running on into the next paragraph, for attribution. */
const VIRTUAL_CLOSE = '”';

interface Quotation {
  id: string;
  speaker?: string;
  kind: QuoteNode['kind'];
}

/**
 * The story's lead picture: none when the metadata file says `null`, the figure of the key it
 * names, else the first figure with a picture in the opening section, before any heading (a
 * picture further down illustrates its section, not the story). Only a figure with a picture
 * leads: without one there is nothing to show at the top or to share.
 */
function leadFigure(
  sections: readonly Section[],
  keys: ReadonlyMap<Figure, string>,
  named: string | null | undefined,
): Figure | undefined {
  if (named === null) return undefined;
  if (named !== undefined) return [...keys].find(([, key]) => key === named)?.[0];
  const opening = sections[0]?.heading === undefined ? sections[0] : undefined;
  return opening?.blocks.find(
    (block): block is Figure => block.type === 'figure' && keys.has(block),
  );
}

/**
 * A story's source and editorial metadata, made into the content model: sections of blocks
 * whose quotations are quote nodes with the speaker the text itself names. Every `text` is
 * published text, verbatim; every id, speaker and kind is metadata. Problems that leave text
 * as text (unpaired quotation marks) go to `diagnostics`; what makes no story throws.
 */
export function buildArticle(
  slug: string,
  source: SourceStory,
  meta: StoryMeta,
  files: StoryFiles,
  diagnostics = new Diagnostics(files.source),
  pictures?: PictureLookup,
): ArticleDocument {
  const headline = meta.headline
    ? { text: meta.headline, origin: 'editorial' as const }
    : source.headline
      ? { text: source.headline, origin: 'published' as const }
      : undefined;
  if (!headline) {
    throw new IngestError(
      files.source,
      1,
      1,
      `the story has no headline, and a headline is editorial: give one with --headline, or as "headline" in ${files.meta}`,
    );
  }

  // Sections: the opening one (no heading), then one per top-level heading.
  const level = sectionLevel(source.blocks);
  const grouped: { heading?: Heading; blocks: SourceBlock[] }[] = [];
  for (const block of withBodies(source.blocks, level)) {
    if (block.kind === 'heading' && block.level <= level)
      grouped.push({ heading: block, blocks: [] });
    else {
      if (grouped.length === 0) grouped.push({ blocks: [] });
      grouped.at(-1)!.blocks.push(block);
    }
  }

  // Quotations, across the paragraphs of the whole story, and who the text says spoke them.
  const flows = collectFlows(grouped.map((section) => section.blocks));
  const flowList = [...flows.values()];
  const scan = findQuotations(flowList.map((flow) => flow.scan));
  for (const problem of scan.problems) {
    diagnostics.warn(flowList[problem.text]!.rich.at(problem.offset), problem.message);
  }
  flowList.forEach((flow, index) => (flow.parts = scan.parts[index]!));
  const attributions = attributeQuotations(
    flowList.map((flow) =>
      flow.parts.at(-1)?.close === flow.rich.text.length
        ? { ...flow.input, text: flow.input.text + VIRTUAL_CLOSE }
        : flow.input,
    ),
    flowList.map((flow) => flow.parts),
  );

  const corrections = meta.quotes ?? {};
  const madeIds = new Set<string>();
  const publicIds = new Set<string>();
  const unused = new Set(Object.keys(corrections));
  const quotations: Quotation[] = [];
  const partsOf = new Map<number, { flow: number; part: number }[]>();
  flowList.forEach((flow, index) =>
    flow.parts.forEach((part, partIndex) => {
      const list = partsOf.get(part.quotation) ?? [];
      list.push({ flow: index, part: partIndex });
      partsOf.set(part.quotation, list);
    }),
  );
  for (const [quotation, parts] of [...partsOf].sort((a, b) => a[0] - b[0])) {
    const first = parts[0]!;
    const firstFlow = flowList[first.flow]!;
    const firstPart = firstFlow.parts[first.part]!;
    const words = firstFlow.rich.text.slice(firstPart.open + 1, firstPart.close);
    const madeId = unique(quoteIdFor(words) || `quote-${madeIds.size + 1}`, madeIds);
    const correction = corrections[madeId];
    unused.delete(madeId);
    const id = correction?.id ?? madeId;
    if (publicIds.has(id)) {
      throw new IngestError(files.meta, 1, 1, `quote id “${id}” is given to two quotations`);
    }
    publicIds.add(id);
    // Parts that name different speakers leave the quotation unattributed: a wrong speaker is
    // worse than none.
    const named = new Set(
      parts.flatMap(({ flow, part }) => attributions[flow]![part]!.speaker ?? []),
    );
    const found = named.size === 1 ? [...named][0] : undefined;
    const speaker = correction?.speaker === null ? undefined : (correction?.speaker ?? found);
    quotations[quotation] = {
      id,
      ...(speaker ? { speaker } : {}),
      kind:
        correction?.kind ??
        (parts.length > 1 ? 'statement' : attributions[first.flow]![first.part]!.kind),
    };
  }
  if (unused.size > 0) {
    throw new IngestError(
      files.meta,
      1,
      1,
      `corrections name quotations the story does not have: ${[...unused].join(', ')}`,
    );
  }

  /** The figures given a picture, with their key in the metadata file's `images`. */
  const pictureKeys = new Map<Figure, string>();
  const inline = (rich: RichText): InlineNode[] => {
    const flow = flows.get(rich);
    const quotes: QuoteRange[] = (flow?.parts ?? []).map((part) => ({
      from: part.open + 1,
      to: part.close,
      quote: { ...quotations[part.quotation]!, ...(part.continued ? { continued: true } : {}) },
    }));
    return inlineNodes(rich, quotes);
  };
  const cells = (rows: SourceCell[][]): TableCell[][] =>
    rows.map((row) =>
      row.map((cell) => ({
        ...(cell.header ? { header: true as const } : {}),
        ...(cell.scope ? { scope: cell.scope } : {}),
        ...(cell.colspan && cell.colspan > 1 ? { colspan: cell.colspan } : {}),
        ...(cell.rowspan && cell.rowspan > 1 ? { rowspan: cell.rowspan } : {}),
        content: inline(cell.rich),
      })),
    );
  const optionalInline = (rich: RichText | undefined) => {
    const nodes = rich ? inline(rich) : [];
    return nodes.length > 0 ? nodes : undefined;
  };
  const toBlock = (block: SourceBlock): Block[] => {
    switch (block.kind) {
      case 'heading':
        return [{ type: 'subheading', text: block.text }];
      case 'paragraph': {
        const content = inline(block.rich);
        return content.length > 0 ? [{ type: 'paragraph', content }] : [];
      }
      case 'list': {
        const items = block.items
          .map((item) => item.flatMap(toBlock))
          .filter((item) => item.length > 0);
        return items.length > 0
          ? [
              {
                type: 'list',
                ordered: block.ordered,
                ...(block.start !== undefined && block.start !== 1 ? { start: block.start } : {}),
                items,
              },
            ]
          : [];
      }
      case 'blockquote': {
        const blocks = block.blocks.flatMap(toBlock);
        const attribution = optionalInline(block.attribution);
        if (blocks.length === 0)
          return attribution ? [{ type: 'paragraph', content: attribution }] : [];
        return [{ type: 'blockquote', blocks, ...(attribution ? { attribution } : {}) }];
      }
      case 'table': {
        const caption = optionalInline(block.caption);
        const foot = cells(block.foot);
        return [
          {
            type: 'table',
            ...(caption ? { caption } : {}),
            head: cells(block.head),
            body: cells(block.body),
            ...(foot.length > 0 ? { foot } : {}),
          },
        ];
      }
      case 'preformatted':
        return [{ type: 'preformatted', text: block.text }];
      case 'figure': {
        const caption = optionalInline(block.caption);
        const entry = block.picture && meta.images?.[block.picture.key];
        if (block.picture && !entry && pictures) {
          diagnostics.warn(
            block,
            `the picture ${block.picture.key} is not in content/images yet: \`npm run ingest\` ${files.source} again to fetch it`,
          );
        }
        const picture = entry ? pictures?.(entry.file, entry.focus) : undefined;
        const figure: Figure = {
          type: 'figure',
          ...(block.imageUrl ? { image: { url: block.imageUrl } } : {}),
          ...(picture ? { picture } : {}),
          ...(block.decorative ? { decorative: true as const } : {}),
          ...(block.alt ? { alt: block.alt } : {}),
          ...(caption ? { caption } : {}),
          ...(block.credit ? { credit: block.credit } : {}),
        };
        if (picture && block.picture) pictureKeys.set(figure, block.picture.key);
        return [figure];
      }
    }
  };

  const sections: Section[] = [];
  for (const group of grouped) {
    const blocks = group.blocks.flatMap(toBlock);
    if (blocks.length === 0 && group.heading === undefined) continue;
    sections.push({ ...(group.heading ? { heading: group.heading.text } : {}), blocks });
  }
  const lead = leadFigure(sections, pictureKeys, meta.leadPicture);
  if (lead) lead.lead = true;
  else if (typeof meta.leadPicture === 'string' && pictures) {
    diagnostics.warnings.push({
      file: files.meta,
      line: 1,
      column: 1,
      message: `leadPicture: no figure of the story shows the picture ${meta.leadPicture}`,
    });
  }

  const lang = meta.lang ?? source.lang;
  const dir =
    meta.dir ??
    source.dir ??
    directionOf(lang, [headline.text, ...flowList.slice(0, 3).map((flow) => flow.rich.text)]);
  const byline = meta.byline ?? source.byline;
  const published = meta.published ?? source.published;
  const updated = meta.updated ?? source.updated;
  const siteName = meta.siteName ?? source.siteName;
  const url = meta.url ?? source.url;
  const document = {
    slug,
    headline,
    ...(byline ? { byline } : {}),
    ...(published ? { published } : {}),
    ...(updated ? { updated } : {}),
    ...(meta.ingested ? { ingested: meta.ingested } : {}),
    ...(lang ? { lang } : {}),
    dir,
    ...(siteName ? { siteName } : {}),
    ...(url ? { url } : {}),
    sections,
    related: source.related.map((title) => ({ slug: slugForTitle(title), title })),
  };
  const result = v.safeParse(articleSchema, document);
  if (!result.success) {
    const issue = result.issues[0];
    throw new IngestError(
      files.source,
      1,
      1,
      `the story does not fit the content model: ${v.getDotPath(issue) ?? ''} ${issue.message}`.trim(),
    );
  }
  return result.output;
}
