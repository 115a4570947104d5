import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: function entries and the local data folder resolve from it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Scratch folder of the benchmarks (bundles), inside the git-ignored `.local`. */
export const WORK_DIR = join(PROJECT_ROOT, '.local', 'bench');
