// The tool's version, read from package.json at build time (esbuild inlines the JSON).
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
