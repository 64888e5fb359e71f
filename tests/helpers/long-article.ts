/**
 * An article with many quotations, as its JSON document: `count` paragraphs of one quotation
 * each, `perSection` to a section (the opening one without a heading), the speakers taking
 * turns. `lead` opens every paragraph, to make a long document longer.
 */
export function longArticle(
  slug: string,
  count: number,
  { perSection = 30, lead = '', speakers = ['Ada Okafor', 'Tomas Lindqvist', 'Mira Quell'] } = {},
) {
  const sections = Array.from({ length: Math.ceil(count / perSection) }, (_, s) => ({
    ...(s === 0 ? {} : { heading: `Part ${s + 1}` }),
    blocks: Array.from({ length: Math.min(perSection, count - s * perSection) }, (_, p) => {
      const n = s * perSection + p;
      const speaker = speakers[n % speakers.length]!;
      return {
        type: 'paragraph',
        content: [
          { type: 'text', text: `${lead}“` },
          { type: 'quote', id: `q-${n}`, speaker, kind: 'statement', text: `Point ${n} stands,` },
          { type: 'text', text: `” ${speaker} said.` },
        ],
      };
    }),
  }));
  return {
    slug,
    headline: { text: 'A story with many quotations', origin: 'editorial' },
    sections,
    related: [],
  };
}
