import { SECTION_TEXT_MAX } from '../../src/views/limits';
import { MARKDOWN_CUT_NOTICE, markdownSections, markdownToMrkdwn } from '../../src/views/markdown-mrkdwn';

/** No `<` survives except at the start of a link this converter wrote to an http(s) URL. */
function expectNoRawAngles(mrkdwn: string): void {
  const stripped = mrkdwn.replace(/<https?:\/\/[^<>|\s]+\|[^<>]*>/g, '');
  expect(stripped).not.toMatch(/[<>]/);
}

describe('markdownToMrkdwn', () => {
  it('escapes mentions, channel pings and raw Slack links so they show as typed', () => {
    const out = markdownToMrkdwn('Hey <!channel> <!here> <@U123> <#C42> <https://evil.example|click> & co');
    expect(out).toBe('Hey &lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;#C42&gt; &lt;https://evil.example|click&gt; &amp; co');
  });

  it('turns bold, italics, strike and bold italics into mrkdwn', () => {
    expect(markdownToMrkdwn('**bold** __also__ *it* _it2_ ~~gone~~ ***both***')).toBe('*bold* *also* _it_ _it2_ ~gone~ *_both_*');
  });

  it('leaves underscores inside words alone', () => {
    expect(markdownToMrkdwn('load_orders_daily and __init__')).toBe('load_orders_daily and *init*');
  });

  it('keeps inline code as it is, escaped, without formatting inside', () => {
    expect(markdownToMrkdwn('run `**not bold** <!here>` now')).toBe('run `**not bold** &lt;!here&gt;` now');
  });

  it('shows unpaired backticks and asterisks as look-alikes', () => {
    expect(markdownToMrkdwn('a `b and 2 * 3 and **open')).toBe('a ˋb and 2 ∗ 3 and ∗∗open');
  });

  it('links http(s) URLs and keeps the URL escaped for Slack', () => {
    expect(markdownToMrkdwn('[the **docs**](https://x.example/a?b=1&c=2)')).toBe('<https://x.example/a?b=1&amp;c=2|the *docs*>');
  });

  it.each([
    ['[x](javascript:alert(1))', '[x](javascript:alert(1))'],
    ['[x](ftp://files.example/a)', '[x](ftp://files.example/a)'],
    ['[x](https://a.example/|y)', '[x](https://a.example/|y)'],
    ['[x](https://a.example/<!here>)', '[x](https://a.example/&lt;!here&gt;)'],
    ['[a|b](https://a.example/)', '[a|b](https://a.example/)'],
  ])('shows the link %s as text', (markdown, expected) => {
    expect(markdownToMrkdwn(markdown)).toBe(expected);
  });

  it('turns headings into bold lines, without bold inside them', () => {
    expect(markdownToMrkdwn('# Load **orders** #\n### <!channel>')).toBe('*Load orders*\n*&lt;!channel&gt;*');
  });

  it('turns bullet and numbered lists into bullets and numbers, nested ones indented', () => {
    expect(markdownToMrkdwn('- one\n* two\n  + nested\n1. first\n2) second')).toBe('• one\n• two\n\u2003• nested\n1. first\n2. second');
  });

  it('keeps quotes and rules, and collapses blank lines', () => {
    expect(markdownToMrkdwn('> quoted <!here>\n\n\n\n---\n\n')).toBe('> quoted &lt;!here&gt;\n\n──────────');
  });

  it('shows fenced code as a code block that its content cannot close', () => {
    expect(markdownToMrkdwn('```python\nprint("```") <@U1>\n```\nafter')).toBe('```\nprint("`\u200b`\u200b`") &lt;@U1&gt;\n```\nafter');
  });

  it('closes a fence left open at the end', () => {
    expect(markdownToMrkdwn('text\n~~~\ncode *x*')).toBe('text\n```\ncode *x*\n```');
  });

  it('gives nothing for an empty or blank body', () => {
    expect(markdownSections('', 6)).toEqual([]);
    expect(markdownSections(' \n\n ', 6)).toEqual([]);
  });
});

describe('markdownSections', () => {
  it('splits a long body across sections, each within Slack’s limit, between lines', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `- item ${i} **important** <!here>`);
    const sections = markdownSections(lines.join('\n'), 10);
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections) expect(section.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
    expect(sections.join('\n').split('\n')).toHaveLength(120);
    expect(sections.join('\n')).not.toContain(MARKDOWN_CUT_NOTICE);
  });

  it('splits one very long line between words and joins its parts', () => {
    const line = 'word&<> '.repeat(700).trim();
    const sections = markdownSections(line, 10);
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections) expect(section.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
    expect(sections.join('')).toBe(markdownToMrkdwn(line));
  });

  it('cuts what does not fit and says where to read the rest', () => {
    const body = `${'<!channel> '.repeat(1000)}\n\`\`\`\n${'x'.repeat(5000)}`;
    const sections = markdownSections(body, 3);
    expect(sections).toHaveLength(3);
    for (const section of sections) expect(section.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
    expect(sections[2]?.endsWith(`\n${MARKDOWN_CUT_NOTICE}`)).toBe(true);
    expectNoRawAngles(sections.join('\n'));
  });

  it('splits a long code block into code blocks', () => {
    const body = `\`\`\`\n${Array.from({ length: 200 }, (_, i) => `line ${i} ${'y'.repeat(30)}`).join('\n')}\n\`\`\``;
    const sections = markdownSections(body, 10);
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections) {
      expect(section.startsWith('```\n')).toBe(true);
      expect(section.endsWith('\n```')).toBe(true);
    }
  });

  it('keeps any input free of raw angle brackets outside its own links', () => {
    const nasty = '<<!channel>>[a](https://ok.example/?q=<x>) [b](https://ok.example/x) `<@U1>` ```<!here>``` *<#C1>* _<!subteam^S1>_';
    expectNoRawAngles(markdownToMrkdwn(nasty));
    expect(markdownToMrkdwn(nasty)).toContain('<https://ok.example/x|b>');
  });
});
