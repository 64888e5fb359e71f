/**
 * Quotations in a paragraph of published text: the top-level “…” and «…» pairs.
 *
 * Only double curly quotes and guillemets open quotations. Straight quotes (") and single curly
 * quotes (‘ ’) are plain text, because ’ is also the apostrophe and " is ambiguous about which
 * end it is. Inside an open quotation the other pair's marks are plain text too, so a Russian
 * «…» quoted inside an English “…” stays one quotation.
 */

export interface QuotationSpan {
  /** Offset (UTF-16 index) of the opening mark in the paragraph text. */
  open: number;
  /** Offset of the closing mark. The quoted words are text.slice(open + 1, close). */
  close: number;
}

export type QuotationScan =
  { ok: true; spans: QuotationSpan[] } | { ok: false; offset: number; message: string };

/** Opening mark → its closing mark. */
const CLOSER_OF = new Map([
  ['“', '”'],
  ['«', '»'],
]);

/** Closing mark → its opening mark. */
const OPENER_OF = new Map([
  ['”', '“'],
  ['»', '«'],
]);

const fail = (offset: number, message: string): QuotationScan => ({ ok: false, offset, message });

/**
 * The paragraph's quotations in reading order, or its first error in reading order: a closing
 * mark with no opener, a second opener of the same pair inside an open quotation, an empty (or
 * all-whitespace) quotation, or an opener never closed. Never throws.
 */
export function findQuotations(text: string): QuotationScan {
  const spans: QuotationSpan[] = [];
  let open: { mark: string; at: number } | undefined;
  for (let i = 0; i < text.length; i++) {
    const mark = text.charAt(i);
    if (open === undefined) {
      if (CLOSER_OF.has(mark)) open = { mark, at: i };
      else if (OPENER_OF.has(mark))
        return fail(i, `unmatched ${mark}: no ${OPENER_OF.get(mark)} opens this quotation`);
      continue;
    }
    const closer = CLOSER_OF.get(open.mark);
    if (mark === closer) {
      // Nothing between the marks can hold another error, so reporting at the opener keeps
      // reading order.
      if (/^\s*$/u.test(text.slice(open.at + 1, i)))
        return fail(
          open.at,
          `empty quotation: there are no words between ${open.mark} and ${closer}`,
        );
      spans.push({ open: open.at, close: i });
      open = undefined;
    } else if (mark === open.mark) {
      return fail(
        i,
        `${mark} inside an open quotation: close the first one before opening another`,
      );
    }
  }
  if (open !== undefined)
    return fail(open.at, `unmatched ${open.mark}: the quotation opened here is never closed`);
  return { ok: true, spans };
}
