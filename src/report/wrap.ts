// Word-wraps report text to a width with a hanging indent, without splitting words; keeps explicit line breaks.

/** A zone-file record line: kept whole so it can be copied into a DNS panel as it is. */
export const RECORD_LINE = /^\S+\.\s+\d+\s+IN\s+[A-Z]+\s/;

/** Wrap `text` to `width` columns; the first line follows `firstPrefix`, every other line `indent`. */
export function wrapText(text: string, width: number, firstPrefix: string, indent: string): string {
  const lines: string[] = [];
  text.split('\n').forEach((paragraph, p) => {
    let line = p === 0 ? firstPrefix : indent;
    let empty = true;
    if (RECORD_LINE.test(paragraph)) {
      lines.push(line + paragraph);
      return;
    }
    for (const word of paragraph.split(/ +/)) {
      if (!empty && line.length + 1 + word.length > width) {
        lines.push(line);
        line = indent + word;
      } else {
        line += (empty ? '' : ' ') + word;
      }
      empty = false;
    }
    lines.push(line);
  });
  return lines.join('\n');
}
