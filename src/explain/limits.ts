// Bounds on what `splitcheck explain` reads, so a hostile or mistaken file ends fast with a clear answer.

/** Largest input read: a real bounce with the returned message attached is well under this. */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;
/** Lines scanned for replies; an NDR's diagnostic text is in its first few hundred. */
export const MAX_SCAN_LINES = 5_000;
/** Characters of one line looked at (the rest is dropped before any pattern runs). */
export const MAX_LINE_CHARS = 2_000;
/** Reply statements kept from one bounce. */
export const MAX_STATEMENTS = 500;
/** Evidence lines shown for one diagnosis. */
export const MAX_EVIDENCE = 6;
/** Recipients kept from one bounce (DSN groups and text). */
export const MAX_RECIPIENTS = 100;
/**
 * MIME limits checked before the parser runs: a DSN has 2-4 parts and 2 levels of multipart
 * (RFC 6522 §3: multipart/report holding a multipart/alternative), so these leave ample room.
 */
export const MAX_MIME_DELIMITERS = 400;
export const MAX_MIME_BOUNDARIES = 16;
export const MAX_MIME_HEADER_BYTES = 256 * 1024;
/** A bounce forwarded as an attachment is opened; one forwarded inside another, once more. */
export const MAX_FORWARD_DEPTH = 2;
/**
 * Bytes of one message handed to the MIME parser. The report (its text, its delivery-status part,
 * the returned headers) is a few kilobytes at the top (RFC 6522 §3 puts the returned message last);
 * what lies beyond is the returned message's body, which explain never reads, and parsing 10 MB of
 * it took seconds.
 */
export const MAX_PARSE_BYTES = 1024 * 1024;
/** Bytes of a message/delivery-status part read (RFC 3464 fields are a few hundred bytes per recipient). */
export const MAX_DSN_BYTES = 256 * 1024;
/** Messages read from one input (an mbox file, several bounces pasted one after another). */
export const MAX_MESSAGES = 50;
