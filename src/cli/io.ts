// The streams and environment the CLI talks to; tests and the bin pass their own.

export interface OutStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input, for commands that read `-` (the bin leaves it out: process.stdin is used). */
  stdin?: AsyncIterable<Uint8Array | string> & { isTTY?: boolean };
  /** The operating system messages are worded for (keys to press, shell quoting: src/cli/platform.ts); default process.platform. */
  platform?: NodeJS.Platform;
}
