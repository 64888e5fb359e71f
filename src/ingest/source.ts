/**
 * A story's source as the newsroom published it, before any editorial metadata: blocks of
 * published text in order, each with where it stands in the source file (for located errors).
 * Both source formats (plain text and saved web pages) come to this shape.
 */
export interface SourceBlock {
  kind: 'heading' | 'paragraph';
  /** The published text, verbatim (trimmed of the line's surrounding white space). */
  text: string;
  /** 1-based position of the text's first character in the source file. */
  line: number;
  column: number;
}

export interface SourceStory {
  /** The headline, when the source itself has one (a web page's title). */
  headline?: string;
  blocks: SourceBlock[];
  /** The titles listed after "Related Stories:", verbatim. */
  related: string[];
}
