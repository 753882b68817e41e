// A usage mistake (bad domain, flag, value, config): one clear line on stderr and exit 2.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
