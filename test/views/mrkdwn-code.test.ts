import { isWellFormed } from './fixtures';
import { codeBlocks, inlineCode, neutraliseBackticks } from '../../src/views/mrkdwn-code';

describe('inlineCode', () => {
  it('wraps an escaped id in backticks', () => {
    expect(inlineCode('a<b&c>')).toBe('`a&lt;b&amp;c&gt;`');
  });

  it('replaces backticks and line breaks so the span cannot end early', () => {
    expect(inlineCode('run`1\nx')).toBe('`run\u02cb1 x`');
  });

  it('keeps the span within maxLength including the backticks', () => {
    const code = inlineCode('x'.repeat(100), 10);
    expect(code).toBe('`xxxxxxx…`');
    expect(code).toHaveLength(10);
  });
});

describe('neutraliseBackticks', () => {
  it('breaks every run of backticks with zero-width spaces', () => {
    expect(neutraliseBackticks('a```b`c``')).toBe('a`\u200b`\u200b`b`c`\u200b`');
  });
});

describe('codeBlocks', () => {
  it('puts lines in one fenced block when they fit', () => {
    expect(codeBlocks(['one', 'two'], 3000)).toEqual(['```\none\ntwo\n```']);
  });

  it('escapes mrkdwn and never lets a fence appear inside the block', () => {
    const [block] = codeBlocks(['```', 'x <!here> & y', '````'], 3000);
    expect(block).toBe('```\n`\u200b`\u200b`\nx &lt;!here&gt; &amp; y\n`\u200b`\u200b`\u200b`\n```');
    expect(block?.slice(3, -3)).not.toContain('``');
  });

  it('starts a new block when the next line would not fit', () => {
    expect(codeBlocks(['aaaa', 'bbbb', 'cccc'], 18)).toEqual(['```\naaaa\nbbbb\n```', '```\ncccc\n```']);
  });

  it('splits a line longer than a block over several blocks without splitting entities or emoji', () => {
    const blocks = codeBlocks(['&😀'.repeat(1000)], 100);
    for (const block of blocks) {
      expect(block.length).toBeLessThanOrEqual(100);
      expect(isWellFormed(block)).toBe(true);
      expect(block).toMatch(/^```\n(&amp;|😀)+\n```$/);
    }
    const body = blocks.map((block) => block.slice(4, -4)).join('');
    expect(body).toBe('&amp;😀'.repeat(1000));
  });

  it('shows an empty line as a block with a space', () => {
    expect(codeBlocks([''], 100)).toEqual(['```\n \n```']);
  });

  it('returns no block for no lines', () => {
    expect(codeBlocks([], 100)).toEqual([]);
  });
});
