import type { SourcePosition } from './source.ts';

/** A problem in an editorial source, located as `file:line:column` (1-based), like a compiler's. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'IngestError';
  }
}

/** Something in a source that was kept as text rather than used: a story is never refused for it. */
export interface IngestWarning {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatWarning(warning: IngestWarning): string {
  return `${warning.file}:${warning.line}:${warning.column}: warning: ${warning.message}`;
}

/**
 * Where a source's warnings go. In strict mode (`npm run ingest -- --strict`, for a newsroom
 * that checks its own sources in CI) a warning is an error instead.
 */
export class Diagnostics {
  readonly warnings: IngestWarning[] = [];

  constructor(
    readonly file: string,
    private readonly strict = false,
  ) {}

  warn(at: SourcePosition, message: string): void {
    if (this.strict) throw new IngestError(this.file, at.line, at.column, message);
    this.warnings.push({ file: this.file, line: at.line, column: at.column, message });
  }
}

/** A text's positions: 1-based line and column of a UTF-16 offset, found by binary search. */
export function locator(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}
