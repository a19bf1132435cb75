/** Narrows an unknown JSON value to an object with string keys. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a Slack text object (`{ type, text }`), or '' when it is not one. */
export function textOf(value: unknown): string {
  return isRecord(value) && typeof value.text === 'string' ? value.text : '';
}
