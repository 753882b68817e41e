// Word-wraps report text to a width with a hanging indent, without splitting words; keeps explicit line breaks.

/** A zone-file record line: kept on one line when it fits, so it copies into a DNS panel as it is. */
export const RECORD_LINE = /^\S+\.\s+\d+\s+IN\s+[A-Z]+\s/;

/** How much deeper a record's continuation lines are indented than the record, so they read as one record. */
const RECORD_CONTINUATION = '  ';

/** How much deeper than an indented line (a transcript's ` S: 250 ...`, an export's ` Get-... :`) its own continuation goes. */
const LINE_CONTINUATION = '  ';

/**
 * Wrap `text` to `width` columns; the first line follows `firstPrefix`, every other line `indent`. A line of the
 * text that starts with spaces keeps them, and its continuation goes under it, deeper ({@link LINE_CONTINUATION}),
 * not back to `indent`, where it would read as the next line. A word longer than a whole line (a long DNS name)
 * is cut after a dot, semicolon, comma or slash (a label of a name, a path), never elsewhere: left alone, the
 * terminal would wrap it to column 0, but a cut inside a word could start a line with text that reads as a line of
 * its own (an escaped line break in data, `\x0aINJECTED`).
 */
export function wrapText(text: string, width: number, firstPrefix: string, indent: string): string {
  const lines: string[] = [];
  text.split('\n').forEach((paragraph, p) => {
    let line = p === 0 ? firstPrefix : indent;
    if (RECORD_LINE.test(paragraph)) {
      lines.push(...wrapRecord(paragraph, width, line, indent));
      return;
    }
    const own = /^ */.exec(paragraph)![0];
    const hanging = own === '' ? indent : indent + own + LINE_CONTINUATION;
    line += own;
    let empty = true;
    for (const word of paragraph.slice(own.length).split(/ +/)) {
      if (!empty && line.length + 1 + word.length > width) {
        lines.push(line);
        line = hanging;
        empty = true;
      }
      let rest = empty ? word : ` ${word}`;
      // Only a word at the start of a line can be too long for it; cut it to the room left, and again under it.
      while (empty && line.length + rest.length > width && width - line.length >= MIN_ROOM) {
        const cut = breakAt(rest, width - line.length);
        if (cut === undefined) break;
        lines.push(line + rest.slice(0, cut));
        line = hanging;
        rest = rest.slice(cut);
      }
      line += rest;
      empty = false;
    }
    lines.push(line);
  });
  return lines.join('\n');
}

/** Below this many columns left on a line, a long word is left whole (a narrow terminal wraps it anyway). */
const MIN_ROOM = 20;

/**
 * A record longer than the width: left alone, the terminal would wrap it to column 0, through the indentation
 * of the report. It breaks at its spaces instead (every other character stays as it is: the space a break
 * replaces is one a DNS panel ignores, or TXT values tolerate), the rest indented a little deeper than the
 * record, or as deep when only that fits a long name; a piece longer than a line (a DKIM key) is cut.
 */
function wrapRecord(record: string, width: number, prefix: string, base: string): string[] {
  if (prefix.length + record.length <= width) return [prefix + record];
  const deeper = base + RECORD_CONTINUATION;
  const lines: string[] = [];
  let line = prefix;
  let empty = true;
  for (const piece of record.split(' ')) {
    if (!empty && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = deeper;
      empty = true;
    }
    // Only a piece at the start of a line can be too long for it.
    let rest = empty ? piece : ` ${piece}`;
    while (line.length + rest.length > width) {
      if (line === deeper && base.length + rest.length <= width) {
        line = base;
        break;
      }
      const cut = cutAt(rest, Math.max(1, width - line.length));
      lines.push(line + rest.slice(0, cut));
      line = deeper;
      rest = rest.slice(cut);
    }
    line += rest;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** Where a word of prose may break to fit `room`: after its last dot, semicolon, comma or slash there, if in its second half. */
function breakAt(word: string, room: number): number | undefined {
  const at = cutAt(word, room);
  return /[.;,/]/.test(word[at - 1] ?? '') ? at : undefined;
}

/** Where to cut a piece to fit `room`: after its last dot, semicolon, comma or slash there (a name's label, a tag, a path), else at the room. */
function cutAt(piece: string, room: number): number {
  const head = piece.slice(0, room);
  const at = Math.max(head.lastIndexOf('.'), head.lastIndexOf(';'), head.lastIndexOf(','), head.lastIndexOf('/')) + 1;
  return at > room / 2 ? at : room;
}
