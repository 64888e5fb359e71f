/**
 * A story's JSON with each section kept apart as encoded JSON, so a long article can be read
 * and checked a section at a time (content/validate.ts). The split is made where parsing is off
 * the main thread (story-parts.worker.ts): `JSON.parse` of a 500 KB article is one long task on
 * a phone. The sections travel as transferred buffers, which cost the main thread nothing to
 * receive; as strings, receiving 500 KB was itself a long task.
 */
export interface StoryParts {
  /** The document as published, but for `sections`: each one's JSON, UTF-8 encoded, in order. */
  envelope: unknown;
  /** The buffers in the envelope, to transfer rather than copy. */
  transfer: ArrayBuffer[];
}

/** What the worker answers: the parts, or that the bytes are not JSON. */
export type StoryPartsReply = { ok: true; parts: StoryParts } | { ok: false };

/**
 * The parts of a parsed document. A document without a sections array (a story known only by
 * its title, or something invalid) is its own envelope: there is nothing to split.
 */
export function splitStory(json: unknown): StoryParts {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { envelope: json, transfer: [] };
  }
  const { sections } = json as { sections?: unknown };
  if (!Array.isArray(sections)) return { envelope: json, transfer: [] };
  const encoder = new TextEncoder();
  const buffers = sections.map((section) => encoder.encode(JSON.stringify(section)).buffer);
  return { envelope: { ...json, sections: buffers }, transfer: buffers };
}

const decoder = new TextDecoder();

/** One section of a split story, as its document had it. */
export function readSection(part: unknown): unknown {
  return JSON.parse(decoder.decode(part as ArrayBuffer));
}

/** A document's bytes as JSON (UTF-8, as `Response.json()` reads them), or that they are not. */
export function parseJsonBytes(bytes: ArrayBuffer): { ok: true; json: unknown } | { ok: false } {
  try {
    return { ok: true, json: JSON.parse(decoder.decode(bytes)) };
  } catch {
    return { ok: false };
  }
}

/** Decodes and splits a story's bytes, as the worker does; `ok: false` if they are not JSON. */
export function storyPartsReply(bytes: ArrayBuffer): StoryPartsReply {
  const parsed = parseJsonBytes(bytes);
  return parsed.ok ? { ok: true, parts: splitStory(parsed.json) } : parsed;
}
