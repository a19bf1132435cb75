/**
 * Slack sends slash-command text with its own markup: `&`, `<` and `>` arrive as `&amp;`, `&lt;`
 * and `&gt;`, and links arrive wrapped as `<https://…>` or `<https://…|label>`. This module turns
 * that back into the text the user typed.
 */

const LINK_MARKUP = /<((?:https?|mailto):[^<>|\s]*)(?:\|([^<>]*))?>/gi;

/**
 * The text as the user typed it: links unwrapped and HTML entities decoded.
 *
 * A link keeps its URL, except when Slack linked a bare word on its own (a task id such as
 * `report.io` becomes `<http://report.io|report.io>`): then the label is what was typed.
 *
 * @example
 * unescapeSlackText('ti &lt;x&gt; <https://a.example/dags/d/grid?x=1&amp;y=2|link>');
 * // 'ti <x> https://a.example/dags/d/grid?x=1&y=2'
 */
export function unescapeSlackText(text: string): string {
  const unwrapped = text.replace(LINK_MARKUP, (_match, url: string, label: string | undefined) => {
    if (label !== undefined && isAutoLinkOf(url, label)) return label;
    return url;
  });
  return decodeEntities(unwrapped);
}

/** Whether `url` is what Slack made of `label` when it linked a bare word. */
function isAutoLinkOf(url: string, label: string): boolean {
  if (label === '' || /^[a-z][a-z0-9+.-]*:/i.test(label)) return false;
  const withoutScheme = url.replace(/^(?:https?:\/\/|mailto:)/i, '');
  return decodeEntities(withoutScheme) === decodeEntities(label);
}

function decodeEntities(text: string): string {
  // `&amp;` last, so `&amp;lt;` (a typed `&lt;`) stays `&lt;`.
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
