/**
 * Where the sticky site header ends, in viewport pixels: content above this line is hidden
 * behind it. (Stuck at the top, its bottom is also its height.) 0 where there is no header.
 */
export function siteHeaderBottom(): number {
  return document.querySelector('.site-header')?.getBoundingClientRect().bottom ?? 0;
}
