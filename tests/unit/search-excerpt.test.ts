// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { excerptParts } from '../../src/features/search/pagefind';

describe('excerptParts', () => {
  it('keeps the text, and which words are marked', () => {
    expect(excerptParts('Ukraine <mark>intercepted</mark> drones, <mark>it</mark> said.')).toEqual([
      { text: 'Ukraine ', marked: false },
      { text: 'intercepted', marked: true },
      { text: ' drones, ', marked: false },
      { text: 'it', marked: true },
      { text: ' said.', marked: false },
    ]);
  });

  it('decodes character references and drops any other tag: nothing becomes markup', () => {
    expect(
      excerptParts(
        '&lt;img src=x onerror=alert(1)&gt; &amp; <mark>&quot;x&quot;</mark> &#8220;&#x201d; <b>bold</b><script>s</script>',
      ),
    ).toEqual([
      { text: '<img src=x onerror=alert(1)> & ', marked: false },
      { text: '"x"', marked: true },
      { text: ' “” bolds', marked: false },
    ]);
    expect(excerptParts('&bogus; &#0; &#xFFFFFFF;')).toEqual([
      { text: '&bogus; &#0; &#xFFFFFFF;', marked: false },
    ]);
  });
});
