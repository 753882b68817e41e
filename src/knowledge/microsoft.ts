// Kept only so `import type { Cloud } from '../knowledge/microsoft.js'` in src/cli/input.ts still compiles: clouds live in clouds.ts, host forms in microsoft-hosts.ts.
export type { Cloud } from './clouds.js';
