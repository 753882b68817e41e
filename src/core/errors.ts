// The error check() rejects with when its input is bad: the library's form of the command line's exit 2.
import { EXIT } from '../engine/exit-codes.js';

/** The domain or an option is invalid: nothing was checked. `exitCode` is what the command line would exit with. */
export class InputError extends Error {
  readonly exitCode = EXIT.usage;

  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
