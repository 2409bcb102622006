import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { cardText, markdownLines, markdownText, markdownUrl } from './markdown';

// A real CommonMark renderer with raw HTML on: any HTML that got through would come out as HTML.
const md = new MarkdownIt({ html: true });
// GFM-style readers also turn bare addresses into links; that is fine as long as the link shows its own address.
const linkifying = new MarkdownIt({ html: true, linkify: true });
const asParagraph = (text: string) => `<p>${md.utils.escapeHtml(text)}</p>\n`;

/** Every token type a document produces, nested ones included. */
function tokenTypes(markdown: string): string[] {
  const types: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) =>
    tokens.forEach((t) => {
      types.push(t.type);
      if (t.children) walk(t.children);
    });
  walk(md.parse(markdown, {}));
  return types;
}

describe("markdownText: people's text renders as exactly that text", () => {
  it.each([
    ['plain words', 'Checkout down', 'Checkout down'],
    ['a heading', '## Action items', '\\#\\# Action items'],
    ['a list item', '- fake', '\\- fake'],
    ['an ordered item', '1. first', '1\\. first'],
    ['a quote', '> quoted', '&gt; quoted'],
    ['a script tag', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an entity', '&lt;b&gt;', '&amp;lt;b&amp;gt;'],
    ['a link', '[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    ['an image beacon', '![](https://evil.example/p.png)', '!\\[\\](https://evil.example/p.png)'],
    ['emphasis and code', '*bold* _it_ `code` ~~gone~~', '\\*bold\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~'],
    ['a table row', '| a | b |', '\\| a \\| b \\|'],
    ['a trailing backslash', 'path C:\\', 'path C:\\\\'],
    ['line breaks, which become spaces', 'one\n## Action items\n- fake', 'one \\#\\# Action items - fake'],
  ])('%s', (_label, input, escaped) => {
    expect(markdownText(input)).toBe(escaped);
    expect(md.render(markdownText(input))).toBe(asParagraph(input.replace(/\s*\n\s*/g, ' ')));
  });

  it('lets a bare address become a link only to itself, never one with other words or a hidden target', () => {
    const html = linkifying.render(markdownText('[click](https://evil.example) ![](https://evil.example/p.png)'));
    expect(html).not.toMatch(/<img|>click</);
    for (const [, href, text] of html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)) expect(text).toBe(href);
  });

  it("holds for any text made of Markdown's special characters", () => {
    const chars = fc.constantFrom(...'#-+=*_`~[]()<>!&|\\:.1 aZ\n\t'.split(''));
    fc.assert(
      fc.property(
        fc.array(chars, { minLength: 1, maxLength: 40 }).map((a) => a.join('')),
        (input) => {
          const line = input.replace(/\s*[\r\n]+\s*/g, ' ').trim();
          fc.pre(line !== '');
          // markdown-it keeps inner runs of spaces and tabs in text as they are; compare what a reader sees.
          expect(md.render(markdownText(input))).toBe(asParagraph(line));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('markdownLines: multi-line text stays inside its list item', () => {
  const item = (text: string) => `- **What happened**: ${markdownLines(text, '  ')}\n- **Why it happened**: x\n`;
  const allowed = new Set([
    'bullet_list_open',
    'bullet_list_close',
    'list_item_open',
    'list_item_close',
    'paragraph_open',
    'paragraph_close',
    'inline',
    'text',
    'softbreak',
    'strong_open',
    'strong_close',
  ]);

  it.each([
    ['a fake section', 'The disk filled.\n## Action items\n- fake'],
    ['a setext heading underline', 'Root cause\n===\nmore\n---'],
    ['a quote, a fence and indented code', '> said\n```\ncode\n```\n    indented'],
    ['raw HTML across lines', '<div>\n<script>alert(1)</script>\n</div>'],
    ['paragraphs', 'First.\n\n\n\nSecond.'],
    ['a numbered list', '1. one\n2) two'],
  ])('%s', (_label, text) => {
    const types = tokenTypes(item(text));
    expect(types.filter((t) => !allowed.has(t))).toEqual([]);
    expect(types.filter((t) => t === 'list_item_open')).toHaveLength(2);
  });

  it('keeps the words, one line per line, indented to the item', () => {
    expect(markdownLines('  The disk filled.\n## Action items\n\n\n- fake  ', '  ')).toBe(
      'The disk filled.\n  \\#\\# Action items\n\n  \\- fake',
    );
  });
});

describe('markdownUrl', () => {
  it.each([
    ['https://tickets.example/T-1?a=1&b=2', '<https://tickets.example/T-1?a=1&b=2>'],
    ['https://t.example/a_b*c', '<https://t.example/a_b*c>'],
    ['https://t.example/<script>', 'https://t.example/&lt;script&gt;'],
    ['javascript:alert(1)', 'javascript:alert(1)'],
  ])('%s', (url, written) => {
    expect(markdownUrl(url)).toBe(written);
    expect(tokenTypes(markdownUrl(url)).filter((t) => t.startsWith('html'))).toEqual([]);
  });
});

describe('cardText: alert text in a Teams card renders as that text', () => {
  it.each([
    ['DB down [re-login here](https://evil.example/phish) **now**'],
    ['<https://evil.example> ![img](https://evil.example/i.png) _x_ `code` ~~gone~~'],
    ['- a list'],
    ['1. first'],
    ['# heading'],
  ])('%j', (text) => {
    expect(md.render(cardText(text))).toBe(asParagraph(text));
  });

  it('any single line renders as exactly its text', () => {
    fc.assert(
      fc.property(
        fc
          .string({ maxLength: 60 })
          .filter((s) => s.trim() === s && s !== '' && !/[\r\n&]/.test(s) && !/ {2}$/.test(s)),
        (text) => {
          expect(md.render(cardText(text))).toBe(asParagraph(text));
        },
      ),
    );
  });
});
