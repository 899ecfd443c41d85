// The cross-backend contract suite: every optimizer and mode, run on each
// backend of the matrix (`npx -y pnpm@10 test:backends`). The backend is chosen
// by the setup file from TFJS_BACKEND; on the plain `vitest run` it is cpu.
import { describeOptimizerContract } from '../optimizerContract';
import { OPTIMIZER_CASES } from './optimizerCases';

for (const c of OPTIMIZER_CASES) describeOptimizerContract(c.label, c.cls, c.make, { noiseFree: c.noiseFree, reference: c.reference });
