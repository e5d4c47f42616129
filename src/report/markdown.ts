// Text from snapshots (type names, dict keys, notes) inside Markdown: nothing
// in it may open a code span, emphasis or link, or split a table cell.

/** Plain text: Markdown's punctuation escaped with a backslash; inside a table, | too (GFM). */
export function mdText(s: string): string {
  return s.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}

/**
 * A code span that holds any text: fenced by more backticks than its longest run
 * (CommonMark), padded when it starts or ends with one. In a table cell (GFM) a |
 * must be \| even inside a code span; the table parser removes the backslash.
 */
export function mdCode(s: string, inTable = false): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  const body = inTable ? s.replace(/\|/g, '\\|') : s;
  return `${fence}${pad}${body}${pad}${fence}`;
}
