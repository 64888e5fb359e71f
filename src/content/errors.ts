/** The document does not exist (HTTP 404). */
export class ContentNotFoundError extends Error {
  override name = 'ContentNotFoundError';
  constructor(readonly url: string) {
    super(`No content at ${url}`);
  }
}

export interface ContentIssue {
  /** Dotted path of the failing field, e.g. `sections.0.blocks.2.content`. */
  path: string;
  message: string;
}

/** The issue of a document that is not JSON at all. */
export const NOT_JSON: ContentIssue = { path: '', message: 'not valid JSON' };

/** The document arrived but is not valid JSON or fails the schema. */
export class InvalidContentError extends Error {
  override name = 'InvalidContentError';
  constructor(
    readonly url: string,
    readonly issues: readonly ContentIssue[],
  ) {
    super(
      `Invalid content at ${url}: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`,
    );
  }
}

/** The request failed: offline, refused, or a server error. Worth retrying. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly url: string,
    readonly status?: number,
  ) {
    super(status ? `Request for ${url} failed with HTTP ${status}` : `Request for ${url} failed`);
  }
}

export function isRetryable(error: unknown): boolean {
  return error instanceof NetworkError;
}
