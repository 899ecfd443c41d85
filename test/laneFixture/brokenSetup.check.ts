import { it } from 'vitest';

// Stands for a lane whose backend failed to load: the file throws before any test is collected.
throw new Error('backend did not initialise');
it('never collected', () => {});
