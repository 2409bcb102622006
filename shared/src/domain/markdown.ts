/**
 * Writing people's text into a Markdown document so that it renders as that text and nothing else: no HTML, no
 * links or images, no emphasis, and above all no block structure (headings, lists, quotes, code, tables, rules) that
 * would let a field add sections to the document it sits in. CommonMark allows a backslash before any ASCII
 * punctuation; HTML's own characters become entities, which every Markdown dialect leaves as text.
 */

/** Characters that start inline constructs anywhere on a line (emphasis, code, links, tables, strikethrough, headings). */
const INLINE = /[\\`*_[\]|~#]/g;
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** One line: inline constructs escaped, and whatever could open a block at the start of a line (- + = 1. 1)). */
function escapeLine(line: string): string {
  const text = line
    .trim()
    .replace(/[&<>]/g, (c) => HTML[c])
    .replace(INLINE, (c) => `\\${c}`);
  return text.replace(/^([-+=])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2');
}

/** Text on one line (line breaks become spaces), escaped: for titles, names and list entries. */
export function markdownText(text: string): string {
  return escapeLine(text.replace(/\s*[\r\n]+\s*/g, ' '));
}

/**
 * Multi-line text as the continuation of a list item: every line escaped and indented by `indent` (the item's
 * content column), runs of blank lines kept as one paragraph break, so it stays inside its item.
 */
export function markdownLines(text: string, indent: string): string {
  const paragraphs = text
    .trim()
    .split(/\r\n?|\n/)
    .map(escapeLine)
    .filter((line, i, all) => line !== '' || all[i - 1] !== '');
  return paragraphs.map((line, i) => (i === 0 || line === '' ? line : `${indent}${line}`)).join('\n');
}

/** An http(s) link as an autolink; anything an autolink cannot hold is written as plain text instead. */
export function markdownUrl(url: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a Markdown link must not carry
  return /^https?:\/\/[^\s<>\x00-\x1f]+$/i.test(url) ? `<${url}>` : markdownText(url);
}

/**
 * Text in an Adaptive Card TextBlock or Fact (Teams renders their Markdown subset: emphasis, links, lists): each
 * Markdown character backslash-escaped and list markers at a line's start neutralised, so `[re-login](https://…)`
 * shows as those characters rather than a link. No HTML entities: cards do not render HTML, and would show them.
 */
export function cardText(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) =>
      line
        .replace(/[\\`*_[\]()~#<>!|]/g, (c) => `\\${c}`)
        .replace(/^(\s*)([-+=])/, '$1\\$2')
        .replace(/^(\s*\d{1,9})([.)])/, '$1\\$2'),
    )
    .join('\n');
}
