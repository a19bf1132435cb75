import { SECTION_TEXT_MAX } from './limits';
import { isLinkableUrl } from './links';
import { codeBlocks } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';

/**
 * The Markdown a DAG's author writes (a human-in-the-loop request's body) as Slack mrkdwn.
 *
 * Hand-written on purpose: no Markdown dependency in the Slack-facing bundles, only a small subset
 * is worth showing in Slack, and safety is easy to see when every character is escaped first.
 * Each line is escaped (`&`, `<`, `>` become entities) before anything else, so a `<!channel>`,
 * `<@U1>` or `<https://x|y>` in the body shows as typed; the only `<…>` in the result are the links
 * this file writes, to http(s) URLs only.
 *
 * The subset: **bold**, *italics* / _italics_, ~~strike~~, `inline code`, fenced code, links
 * `[text](https://…)`, headings (bold lines), bullet and numbered lists, quotes and rules. Anything
 * else shows as its text. A backtick or asterisk without its partner is shown as a look-alike, so
 * it cannot pair with markup further on.
 */

/** Appended to the last section when the body does not fit. */
export const MARKDOWN_CUT_NOTICE = '_… (see the full request in Airflow)_';

/** Room kept in every section so the cut notice always fits after whatever the section holds. */
const NOTICE_ROOM = MARKDOWN_CUT_NOTICE.length + 1;
/** The most a rendered piece may take: every section can hold one, plus the notice. */
const PIECE_MAX = SECTION_TEXT_MAX - NOTICE_ROOM;
/** Escaping makes a character at most 5 long (`&amp;`); a list's prefix takes a few more. */
const SOURCE_PIECE_MAX = Math.floor((PIECE_MAX - 40) / 5);

const GRAVE_LOOKALIKE = '\u02cb';
const ASTERISK_LOOKALIKE = '\u2217';
/** Bold marks are written as this private-use character (removed from the input) until the stray asterisks are dealt with. */
const BOLD_MARK = '\ue000';

/** One rendered unit: a line, part of a long line (`joined` to the one before), or a code block. */
interface Piece {
  text: string;
  joined: boolean;
}

/**
 * The whole of `markdown` as mrkdwn, for a place with no length limit (tests, a thread line).
 *
 * @example
 * markdownToMrkdwn('**Approve** the <!channel> load') // '*Approve* the &lt;!channel&gt; load'
 */
export function markdownToMrkdwn(markdown: string): string {
  return pack(render(markdown), Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY).join('');
}

/**
 * `markdown` as mrkdwn texts of at most {@link SECTION_TEXT_MAX} characters each, one per section
 * block, at most `maxSections` of them. Sections are cut between lines (a line longer than a
 * section between words, a code block between its lines); what does not fit is left out and the
 * last section ends with {@link MARKDOWN_CUT_NOTICE}. Empty or blank Markdown gives `[]`.
 *
 * @example
 * markdownSections(request.body ?? '', 6).map(sectionBlock)
 */
export function markdownSections(markdown: string, maxSections: number): string[] {
  if (maxSections < 1) return [];
  return pack(render(markdown), SECTION_TEXT_MAX - NOTICE_ROOM, maxSections);
}

function pack(pieces: readonly Piece[], budget: number, maxSections: number): string[] {
  const sections: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const separator = current === '' || piece.joined ? '' : '\n';
    if (current.length + separator.length + piece.text.length <= budget) {
      current += separator + piece.text;
      continue;
    }
    if (sections.length + 1 >= maxSections) {
      sections.push(current === '' ? MARKDOWN_CUT_NOTICE : `${current}\n${MARKDOWN_CUT_NOTICE}`);
      return sections;
    }
    if (current !== '') sections.push(current);
    current = piece.text;
  }
  if (current !== '') sections.push(current);
  return sections;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const BULLET = /^([ \t]*)[-*+][ \t]+(.*)$/;
const NUMBERED = /^([ \t]*)(\d{1,9})[.)][ \t]+(.*)$/;
const QUOTE = /^ {0,3}>[ \t]?(.*)$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/** Line by line: fenced code is gathered whole; every other line is rendered on its own. */
function render(markdown: string): Piece[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const pieces: Piece[] = [];
  let previousBlank = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (fence !== null) {
      const marker = fence[1] ?? '```';
      const code: string[] = [];
      // An unclosed fence runs to the end, as in CommonMark.
      for (i++; i < lines.length && !isClosingFence(lines[i] ?? '', marker); i++) code.push(lines[i] ?? '');
      for (const block of codeBlocks(code, PIECE_MAX)) pieces.push({ text: block, joined: false });
      previousBlank = false;
      continue;
    }
    if (line.trim() === '') {
      // Blank lines separate paragraphs; several show as one, and none lead.
      if (!previousBlank) pieces.push({ text: '', joined: false });
      previousBlank = true;
      continue;
    }
    previousBlank = false;
    pieces.push(...renderLine(line));
  }
  while (pieces.length > 0 && pieces[pieces.length - 1]?.text === '') pieces.pop();
  return pieces;
}

function isClosingFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= marker.length && trimmed === (marker[0] ?? '`').repeat(trimmed.length);
}

/** A line as one piece, or as several joined pieces when it would not fit in a section. */
function renderLine(line: string): Piece[] {
  const whole = renderBlockLine(line);
  if (whole.length <= PIECE_MAX) return [{ text: whole, joined: false }];
  const { prefix, content } = splitPrefix(line);
  return splitAtSpaces(content, SOURCE_PIECE_MAX).map((part, index) => ({
    text: (index === 0 ? prefix : '') + renderInline(part, false),
    joined: index > 0,
  }));
}

/** Headings become bold lines, list items get a bullet or their number, quotes stay quotes. */
function renderBlockLine(line: string): string {
  const heading = HEADING.exec(line);
  if (heading !== null) {
    const text = renderInline(heading[1] ?? '', true);
    return text === '' ? '' : `*${text}*`;
  }
  if (RULE.test(line)) return '──────────';
  const { prefix, content } = splitPrefix(line);
  return prefix + renderInline(content, false);
}

/** The list marker or quote sign of a line as mrkdwn, and the rest of it as Markdown. */
function splitPrefix(line: string): { prefix: string; content: string } {
  const bullet = BULLET.exec(line);
  if (bullet !== null) return { prefix: `${indent(bullet[1] ?? '')}• `, content: bullet[2] ?? '' };
  const numbered = NUMBERED.exec(line);
  if (numbered !== null) return { prefix: `${indent(numbered[1] ?? '')}${numbered[2] ?? ''}. `, content: numbered[3] ?? '' };
  const quote = QUOTE.exec(line);
  // A quote sign alone forms no markup Slack could abuse: `<` is what mentions and links need.
  if (quote !== null) return { prefix: '>', content: ` ${quote[1] ?? ''}` };
  return { prefix: '', content: line.trim() };
}

/** Nested list items, four spaces (or a tab) a level, shown with an em space a level. */
function indent(whitespace: string): string {
  const level = Math.min(4, Math.floor(whitespace.replace(/\t/g, '    ').length / 2));
  return '\u2003'.repeat(level);
}

/** Cuts text into parts of at most `max` characters, at a space when there is one in the second half. */
function splitAtSpaces(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // never between the halves of a surrogate pair
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts;
}

const CODE_SPAN = /`([^`]+)`/g;

/**
 * One line's inline Markdown as mrkdwn: escaped first, then code spans kept as they are and the
 * text between them given bold, italics, strike and links. `inBold` (a heading) drops bold marks,
 * since Slack cannot nest bold.
 */
function renderInline(markdown: string, inBold: boolean): string {
  const escaped = escapeMrkdwn(markdown.replaceAll(BOLD_MARK, '').replace(/\s+$/, ''));
  let result = '';
  let last = 0;
  for (const match of escaped.matchAll(CODE_SPAN)) {
    result += renderText(escaped.slice(last, match.index), inBold);
    result += match[0];
    last = match.index + match[0].length;
  }
  return result + renderText(escaped.slice(last), inBold);
}

const LINK = /\[([^[\]\n]+)\]\(([^()\s]+)\)/g;
/** Bold italics, bold, italics (`*` or `_`, not inside a word) and strike; the first match wins. */
const EMPHASIS = new RegExp(
  [
    String.raw`\*\*\*(?=\S)(?<boldItalic>.+?)(?<=\S)\*\*\*`,
    String.raw`(?<marker>\*\*|__)(?=\S)(?<bold>.+?)(?<=\S)\k<marker>`,
    String.raw`(?<![\w*])\*(?=[^\s*])(?<starItalic>.+?)(?<=[^\s*])\*(?![\w*])`,
    String.raw`(?<![\w_])_(?=[^\s_])(?<underItalic>.+?)(?<=[^\s_])_(?![\w_])`,
    String.raw`~~(?=\S)(?<strike>.+?)(?<=\S)~~`,
  ].join('|'),
  'g',
);

/**
 * Escaped text outside code spans: links first (their text gets emphasis too), then emphasis. A
 * backtick here has no partner on the line: it shows as a look-alike.
 */
function renderText(text: string, inBold: boolean): string {
  const escaped = text.replace(/`/g, GRAVE_LOOKALIKE);
  let result = '';
  let last = 0;
  for (const match of escaped.matchAll(LINK)) {
    const link = mrkdwnLinkFromEscaped(match[2] ?? '', renderEmphasis(match[1] ?? '', inBold));
    if (link === undefined) continue;
    result += renderEmphasis(escaped.slice(last, match.index), inBold) + link;
    last = match.index + match[0].length;
  }
  return result + renderEmphasis(escaped.slice(last), inBold);
}

/**
 * `<url|label>` for an http(s) URL that cannot end the link early; `undefined` otherwise (the
 * Markdown then shows as typed). The URL is already escaped: `&` is `&amp;`, as Slack wants.
 */
function mrkdwnLinkFromEscaped(escapedUrl: string, label: string): string | undefined {
  if (/&lt;|&gt;|\|/.test(escapedUrl) || label.includes('|')) return undefined;
  const url = escapedUrl.replace(/&amp;/g, '&');
  if (!/^https?:\/\//i.test(url) || !isLinkableUrl(url)) return undefined;
  return `<${escapedUrl}|${label}>`;
}


function renderEmphasis(escaped: string, inBold: boolean): string {
  // Every `*` still there after matching is one the Markdown left without a partner.
  return markEmphasis(escaped, inBold).replace(/\*/g, ASTERISK_LOOKALIKE).replaceAll(BOLD_MARK, '*');
}

type EmphasisGroups = Partial<Record<'boldItalic' | 'bold' | 'starItalic' | 'underItalic' | 'strike', string>>;

function markEmphasis(escaped: string, inBold: boolean): string {
  return escaped.replace(EMPHASIS, (...args: unknown[]) => {
    const groups = args[args.length - 1] as EmphasisGroups;
    const bold = (inner: string): string => (inBold ? inner : `${BOLD_MARK}${inner}${BOLD_MARK}`);
    if (groups.boldItalic !== undefined) return bold(`_${markEmphasis(groups.boldItalic, true)}_`);
    if (groups.bold !== undefined) return bold(markEmphasis(groups.bold, true));
    const italic = groups.starItalic ?? groups.underItalic;
    if (italic !== undefined) return `_${markEmphasis(italic, inBold)}_`;
    return `~${markEmphasis(groups.strike ?? '', inBold)}~`;
  });
}
