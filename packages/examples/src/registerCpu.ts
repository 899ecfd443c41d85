// The cpu backend is always registered, as the last resort of `--backend auto`.
import '@tensorflow/tfjs-backend-cpu';
