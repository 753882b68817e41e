// Watches the raw bytes of replies: caps their size and line count, and notices bare LF, without buffering any of them.

/** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; EHLO replies run to ~20 lines. Far above both. */
export const MAX_REPLY_BYTES = 64 * 1024;
export const MAX_REPLY_LINES = 100;

export type LineGuardViolation = { kind: 'too-large'; bytes: number } | { kind: 'too-many-lines'; lines: number };

export interface LineGuardEvents {
  onViolation(violation: LineGuardViolation): void;
  onBareLf(): void;
}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;

/**
 * Counts bytes and lines of the reply being received (a reply ends at a line whose fourth byte is
 * not `-`, RFC 5321 §4.2.1). Memory use is constant whatever the server sends; the parsing itself is
 * nodemailer's, this only decides when to stop listening.
 */
export class LineGuard {
  private replyBytes = 0;
  private replyLines = 0;
  private lineLength = 0;
  private fourthByte = -1;
  private previousByte = -1;
  private sawBareLf = false;
  private stopped = false;

  constructor(
    private readonly events: LineGuardEvents,
    private readonly maxBytes = MAX_REPLY_BYTES,
    private readonly maxLines = MAX_REPLY_LINES,
  ) {}

  /** Feeds one chunk; safe to call after a violation (it then ignores everything). */
  push(chunk: Buffer): void {
    if (this.stopped) return;
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      // bytes of the current line before the LF (or to the end of the chunk)
      if (this.lineLength < 4 && end > start) {
        const index = 3 - this.lineLength;
        if (index >= 0 && start + index < end) this.fourthByte = chunk[start + index] ?? -1;
      }
      this.lineLength += end - start;
      this.replyBytes += end - start;
      if (end > start) this.previousByte = chunk[end - 1] ?? -1;
      if (lf === -1) break;
      this.replyBytes += 1;
      if (this.previousByte !== CR && !this.sawBareLf) {
        this.sawBareLf = true;
        this.events.onBareLf();
      }
      this.replyLines += 1;
      const continues = this.fourthByte === DASH && this.lineLength >= 4;
      if (this.replyLines > this.maxLines) return this.stop({ kind: 'too-many-lines', lines: this.replyLines });
      // Checked at every line end too, not only at the end of a chunk: a reply over the cap that ends in the
      // chunk that carries it past the cap must not slip through because its end resets the count.
      if (this.replyBytes > this.maxBytes) return this.stop({ kind: 'too-large', bytes: this.replyBytes });
      if (!continues) {
        this.replyBytes = 0;
        this.replyLines = 0;
      }
      this.lineLength = 0;
      this.fourthByte = -1;
      this.previousByte = LF;
      start = lf + 1;
    }
    if (this.replyBytes > this.maxBytes) this.stop({ kind: 'too-large', bytes: this.replyBytes });
  }

  private stop(violation: LineGuardViolation): void {
    this.stopped = true;
    this.events.onViolation(violation);
  }
}
