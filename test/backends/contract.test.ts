// The cross-backend contract suite: every optimizer and mode, run on each
// backend of the matrix (`npx -y pnpm@10 test:backends`). The backend is chosen
// by the setup file from TFJS_BACKEND; on the plain `vitest run` it is cpu.
import { it } from 'vitest';
import { laneCases } from '../backendTolerance';
import { describeOptimizerContract } from '../optimizerContract';
import { OPTIMIZER_CASES } from './optimizerCases';

const cases = laneCases(OPTIMIZER_CASES.map((c) => c.label));
for (const c of OPTIMIZER_CASES) {
  if (cases.includes(c.label)) describeOptimizerContract(c.label, c.cls, c.make, { noiseFree: c.noiseFree, reference: c.reference });
  else it.skip(`${c.label}: not on this lane (SwiftShader WebGPU runs one case per mechanism; TFJS_CONTRACT_CASES=all runs all)`, () => {});
}
