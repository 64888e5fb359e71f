/** Folder, beside a prerendered page, that holds its query-string variants. */
export const VARIANTS_DIR = '_variants';
