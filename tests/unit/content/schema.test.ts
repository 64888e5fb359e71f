// @vitest-environment node
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { editionSchema } from '../../../src/content/edition';
import { articleSchema } from '../../../src/content/schema';
import { readPublicJson } from '../../helpers/content-fetch';
import { SEED_SLUG } from '../../helpers/seed';

const seed = () => structuredClone(readPublicJson(`content/articles/${SEED_SLUG}.json`)) as any;

function issuesOf(schema: v.GenericSchema, value: unknown) {
  const result = v.safeParse(schema, value);
  return result.success
    ? []
    : result.issues.map((issue) => `${v.getDotPath(issue) ?? ''}: ${issue.message}`);
}

describe('article schema', () => {
  it('accepts the seed article', () => {
    expect(issuesOf(articleSchema, seed())).toEqual([]);
  });

  it('marks the seed headline as editorial, since the published text has none', () => {
    expect(v.parse(articleSchema, seed()).headline.origin).toBe('editorial');
  });

  it('names the failing field when a paragraph is empty', () => {
    const doc = seed();
    doc.sections[1].blocks[0].content = [];
    expect(issuesOf(articleSchema, doc)).toEqual([
      'sections.1.blocks.0.content: a paragraph needs content',
    ]);
  });

  it('rejects an unknown block type', () => {
    const doc = seed();
    doc.sections[0].blocks.push({ type: 'html', html: '<p>x</p>' });
    expect(issuesOf(articleSchema, doc).join()).toMatch(/^sections\.0\.blocks\.3\.type: /);
  });

  it('accepts a quotation the text attributes to nobody', () => {
    const doc = seed();
    delete doc.sections[0].blocks[1].content[1].speaker;
    expect(issuesOf(articleSchema, doc)).toEqual([]);
  });

  it('rejects an empty speaker', () => {
    const doc = seed();
    doc.sections[0].blocks[1].content[1].speaker = '';
    expect(issuesOf(articleSchema, doc).join()).toMatch(
      /^sections\.0\.blocks\.1\.content\.1\.speaker: /,
    );
  });

  it('rejects a slug that is not a lowercase slug', () => {
    const doc = seed();
    doc.slug = 'Not A Slug';
    expect(issuesOf(articleSchema, doc)).toEqual([
      'slug: must be a lowercase slug (letters, digits and single hyphens)',
    ]);
  });

  it('rejects a missing headline', () => {
    const doc = seed();
    delete doc.headline;
    expect(issuesOf(articleSchema, doc).join()).toMatch(/^headline: /);
  });

  it('rejects a heading-less section after the opening one', () => {
    const doc = seed();
    delete doc.sections[2].heading;
    expect(issuesOf(articleSchema, doc)).toEqual([
      ': only the opening section may have no heading',
    ]);
  });

  it('rejects duplicate quote ids', () => {
    const doc = seed();
    doc.sections[0].blocks[1].content[3].id = doc.sections[0].blocks[1].content[1].id;
    expect(issuesOf(articleSchema, doc)).toEqual([': quote ids must be unique within the article']);
  });

  it('rejects dates that are not ISO timestamps or days', () => {
    const doc = seed();
    doc.published = 'last Tuesday';
    expect(issuesOf(articleSchema, doc)).toEqual([
      'published: must be an ISO 8601 timestamp or date',
    ]);
    doc.published = '2026-05-02';
    expect(issuesOf(articleSchema, doc)).toEqual([]);
  });
});

describe('edition schema', () => {
  it('accepts the edition pages', () => {
    expect(issuesOf(editionSchema, readPublicJson('content/edition/1.json'))).toEqual([]);
  });

  it('requires the page to be one of the pages', () => {
    const edition = structuredClone(readPublicJson('content/edition/1.json')) as any;
    edition.page = 3;
    expect(issuesOf(editionSchema, edition)).toEqual([': the page must be one of the pages']);
  });

  it('lists every related story of the lead article', () => {
    const edition = v.parse(editionSchema, readPublicJson('content/edition/1.json'));
    const lead = v.parse(articleSchema, seed());
    expect(edition.lead.slug).toBe(lead.slug);
    const slugs = edition.stories.map((story) => story.slug);
    for (const related of lead.related) expect(slugs).toContain(related.slug);
  });
});
