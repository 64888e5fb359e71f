import { slug } from 'github-slugger';

/** The opening section has no heading, so it gets this fixed id. */
export const OPENING_SECTION_ID = 'opening';

/**
 * Ids for an article's sections, made once from the heading text. They use GitHub's heading
 * algorithm (lowercase, punctuation dropped, letters of every script kept), and repeats get
 * `-2`, `-3`… A heading with nothing left to slug falls back to `section-<position>`.
 */
export function makeSectionIds(headings: readonly (string | undefined)[]): string[] {
  const taken = new Set<string>();
  return headings.map((heading, index) => {
    const base =
      heading === undefined
        ? index === 0
          ? OPENING_SECTION_ID
          : `section-${index + 1}`
        : slug(heading) || `section-${index + 1}`;
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}
