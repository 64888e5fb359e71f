import { slugify } from './slug';

/** The opening section has no heading, so it gets this fixed id. */
export const OPENING_SECTION_ID = 'opening';

/**
 * Ids for an article's sections, made once from the heading text (see slugify: letters of every
 * script are kept). Repeats get `-2`, `-3`… A heading with nothing left to slug falls back to
 * `section-<position>`.
 */
export function makeSectionIds(headings: readonly (string | undefined)[]): string[] {
  const taken = new Set<string>();
  return headings.map((heading, index) => {
    const base =
      heading === undefined
        ? index === 0
          ? OPENING_SECTION_ID
          : `section-${index + 1}`
        : slugify(heading) || `section-${index + 1}`;
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}
