/**
 * The part of the app's stylesheet a prerendered page inlines: the rules that can match its
 * markup before the app runs. The whole stylesheet is about 22 KB, inlined in every page (a
 * request for it would delay the first paint), and a story's article, section, gallery and
 * quotation pages each repeated all of it: more than half of their bytes. The app loads the
 * whole stylesheet before it hydrates (bootstrap-script.ts), so what it renders later is styled.
 *
 * A rule is left out only when none of its selectors can match: each selector names a class or
 * an id the page's markup does not have. Everything else stays, in its order: rules of elements
 * and attributes (the reading settings' `data-reading-*` are set on `html` by a script, before
 * the first paint), `@keyframes`, `@font-face`. Classes inside `:not()`, `:is()`, `:where()` and
 * `:has()` are not counted, so a selector is never dropped for a class it only excludes. The
 * same rules in the same order mean the page paints as it would with the whole sheet, and
 * nothing moves when the whole sheet arrives (it only adds rules that match nothing yet).
 */

/** A rule of the sheet, or a conditional block of them, as the minifier wrote it. */
type Item =
  | { kind: 'rule'; text: string; selectors: Needs[] }
  | { kind: 'block'; prelude: string; items: Item[] }
  | { kind: 'keep'; text: string };

/** What a selector needs in the markup to match: classes and ids, all of them. */
interface Needs {
  classes: string[];
  ids: string[];
}

/** At-rules whose body is rules again: pruned inside, dropped when nothing is left. */
const CONDITIONAL = /^@(media|supports|container|layer)\b/i;

/** The index just past the quoted string that opens at `start`. */
function skipString(css: string, start: number): number {
  const quote = css[start];
  let at = start + 1;
  while (at < css.length && css[at] !== quote) at += css[at] === '\\' ? 2 : 1;
  return at + 1;
}

/** The index of the `}` that closes the block opening at `open` (a `{`). */
function closingBrace(css: string, open: number): number {
  let depth = 0;
  for (let at = open; at < css.length; at += 1) {
    const char = css[at];
    if (char === '"' || char === "'") at = skipString(css, at) - 1;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return at;
  }
  throw new Error('The stylesheet has a block that never closes');
}

/** Splits at top-level commas: none inside brackets, parentheses or strings. */
function splitSelectors(prelude: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = 0; at < prelude.length; at += 1) {
    const char = prelude[at];
    if (char === '"' || char === "'") at = skipString(prelude, at) - 1;
    else if (char === '(' || char === '[') depth += 1;
    else if (char === ')' || char === ']') depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(prelude.slice(start, at));
      start = at + 1;
    }
  }
  parts.push(prelude.slice(start));
  return parts;
}

/** A selector less what cannot require anything: strings, attribute tests, `:fn(…)` arguments. */
function requiredPart(selector: string): string {
  let out = '';
  let depth = 0;
  for (let at = 0; at < selector.length; at += 1) {
    const char = selector[at]!;
    if (char === '"' || char === "'") {
      at = skipString(selector, at) - 1;
      continue;
    }
    if (char === '(' || char === '[') depth += 1;
    else if (char === ')' || char === ']') depth -= 1;
    else if (depth === 0) out += char;
  }
  return out;
}

function needsOf(selector: string): Needs {
  const part = requiredPart(selector);
  return {
    classes: [...part.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((match) => match[1]!),
    ids: [...part.matchAll(/#(-?[_a-zA-Z][\w-]*)/g)].map((match) => match[1]!),
  };
}

/** Reads a stylesheet (minified, so with no comments) into its rules and blocks. */
export function parseSheet(css: string): Item[] {
  const items: Item[] = [];
  let at = 0;
  while (at < css.length) {
    let end = at;
    while (end < css.length && css[end] !== '{' && css[end] !== ';') {
      end = css[end] === '"' || css[end] === "'" ? skipString(css, end) : end + 1;
    }
    const prelude = css.slice(at, end).trim();
    if (end >= css.length || css[end] === ';') {
      // A statement (`@import`, `@layer a, b;`) or trailing text: kept as it is.
      const text = css.slice(at, Math.min(end + 1, css.length));
      if (text.trim()) items.push({ kind: 'keep', text });
      at = end + 1;
      continue;
    }
    const close = closingBrace(css, end);
    const text = css.slice(at, close + 1);
    if (CONDITIONAL.test(prelude)) {
      items.push({ kind: 'block', prelude, items: parseSheet(css.slice(end + 1, close)) });
    } else if (prelude.startsWith('@')) {
      items.push({ kind: 'keep', text });
    } else {
      items.push({ kind: 'rule', text, selectors: splitSelectors(prelude).map(needsOf) });
    }
    at = close + 1;
  }
  return items;
}

/** The classes and ids a page's markup has. */
export function markupNames(html: string): { classes: Set<string>; ids: Set<string> } {
  const classes = new Set<string>();
  const ids = new Set<string>();
  for (const match of html.matchAll(/\sclass="([^"]*)"/g)) {
    for (const name of match[1]!.split(/\s+/)) if (name) classes.add(name);
  }
  for (const match of html.matchAll(/\sid="([^"]*)"/g)) ids.add(match[1]!);
  return { classes, ids };
}

function prune(items: readonly Item[], names: ReturnType<typeof markupNames>): string {
  let out = '';
  for (const item of items) {
    if (item.kind === 'keep') out += item.text;
    else if (item.kind === 'block') {
      const inner = prune(item.items, names);
      if (inner) out += `${item.prelude}{${inner}}`;
    } else if (
      item.selectors.some(
        ({ classes, ids }) =>
          classes.every((name) => names.classes.has(name)) &&
          ids.every((name) => names.ids.has(name)),
      )
    ) {
      out += item.text;
    }
  }
  return out;
}

/** Each stylesheet is read once a thread, however many pages use it. */
const parsed = new Map<string, Item[]>();

/** The rules of `css` that can match `html` before the app runs, in their order. */
export function pageCss(css: string, html: string): string {
  let items = parsed.get(css);
  if (!items) parsed.set(css, (items = parseSheet(css)));
  return prune(items, markupNames(html));
}
