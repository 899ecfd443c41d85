// Setup of the backend lanes (vitest.backends.config.ts): the same registrations as test/setup.ts,
// then the backend named by TFJS_BACKEND (cpu when unset), asserted to be the active one.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { useNodeLane } from './backendLane';

await useNodeLane(process.env['TFJS_BACKEND']);
