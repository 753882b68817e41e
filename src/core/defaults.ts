// Defaults of a run's network settings, shared by the library and the command line's help (kept tiny: the help loads it at start).

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_RETRIES = 1;
