// The real-GPU check of the device noise kernels, bundled by scripts/device/prepare.mjs into
// .device/gpu-check.mjs and run by scripts/device/run.sh on a machine without Node packages or
// network: WebGPU in Node through Dawn (the `webgpu` package) over whatever Vulkan driver the
// machine has. Prints the adapter, checks the device stream against the host stream (uniforms and
// signs bit for bit, normals' moments and their distance from the host), counts the bytes uploaded
// per step, and times NoisyGradientSGD (device kernel, upload path, noise 0) against tf.train.sgd
// on the MLP 784-256-256-10 at batch 128, as ratios measured round-robin in this one process.
// Writes a markdown report to the path in argv[2] (and stdout).
import { writeFileSync } from 'node:fs';
import { create, globals } from 'webgpu';

type Row = string[];
const lines: string[] = [];
const say = (s = '') => {
  lines.push(s);
  console.log(s);
};
const table = (head: Row, rows: Row[]) => {
  say(`| ${head.join(' | ')} |`);
  say(`|${head.map(() => '---').join('|')}|`);
  for (const r of rows) say(`| ${r.join(' | ')} |`);
  say();
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

Object.assign(globalThis, globals);
const gpu = create([]);
Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
const adapter = await gpu.requestAdapter();
if (!adapter) throw new Error('navigator.gpu.requestAdapter() gave no adapter: no Vulkan driver Dawn can use');
const info = (adapter as unknown as { info?: Record<string, unknown> }).info ?? {};

// After navigator.gpu exists: the backend registers itself only where WebGPU is present.
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-core/dist/register_all_gradients');
await import('@tensorflow/tfjs-backend-webgpu');
const tfl = await import('@tensorflow/tfjs-layers');
const core = await import('@tfjs-noise/core');
const { NoisyGradientSGD } = await import('@tfjs-noise/optimizers');
const { countUploadedBytes } = await import('../../test/uploadCounter');
if (!(await tf.setBackend('webgpu')) || tf.getBackend() !== 'webgpu') throw new Error(`tf.setBackend('webgpu') failed; backend is ${tf.getBackend()}`);
await tf.ready();

say('# Device noise kernels on a real GPU (WebGPU through Dawn in Node)');
say();
say(`Date ${new Date().toISOString()}; Node ${process.version}; adapter: ${['vendor', 'architecture', 'device', 'description'].map((k) => `${k} ${JSON.stringify(info[k] ?? '')}`).join(', ')}.`);
say();

// --- Stream checks --------------------------------------------------------------------------
const kernel = core.fusedNoiseKernelFor('webgpu');
if (kernel !== core.webgpuFusedNoise) throw new Error('the webgpu fused noise kernel is not registered');
async function draw(sampler: import('@tfjs-noise/core').Sampler, n: number, seed: number): Promise<Float32Array> {
  const g = tf.zeros([n]);
  const out = kernel!({ gradient: g, sampler, seed, step: 0, streamVersion: 2, scale: 1, noiseClip: null });
  if (!out) throw new Error(`the device kernel declined ${sampler.kind}`);
  const v = (await out.data()) as Float32Array;
  tf.dispose([g, out]);
  return v;
}
const bitDiffs = (a: Float32Array, b: Float32Array) => {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let d = 0;
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) d++;
  return d;
};
const seeds = [1, 2, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff];
const lengths = [1, 2, 31, 33, 1000, 65537, 1 << 20];
const checks: Row[] = [];
let allPass = true;
const check = (name: string, pass: boolean, detail: string) => {
  allPass &&= pass;
  checks.push([name, pass ? 'pass' : '**FAIL**', detail]);
};
for (const [name, sampler, host] of [
  ['uniforms (2u − 1)', core.uniformSampler(), (n: number, s: number) => core.hostUniforms(n, s).map((u) => Math.fround(u * 2) - 1)],
  ['signs', core.rademacherSampler(), (n: number, s: number) => core.hostSigns(n, s)],
] as const) {
  let diffs = 0;
  let total = 0;
  for (const s of seeds) for (const n of lengths) (diffs += bitDiffs(await draw(sampler, n, s), host(n, s))), (total += n);
  check(`${name} == host, bit for bit`, diffs === 0, `${diffs} of ${total} elements differ (${seeds.length} seeds × lengths ${lengths.join(', ')})`);
}
{
  const N = 1 << 22;
  const SEED = 20261130;
  const x = await draw(core.gaussianSampler(), N, SEED);
  const h = core.hostNormals(N, SEED);
  let maxAbs = 0;
  let same = 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < N; i++) {
    const d = Math.abs(x[i]! - h[i]!);
    if (d > maxAbs) maxAbs = d;
    if (d === 0) same++;
    sum += x[i]!;
    sq += x[i]! * x[i]!;
  }
  const mean = sum / N;
  const variance = sq / N - mean * mean;
  check('normals within 4e-6 of host', maxAbs < 4e-6, `max abs difference ${maxAbs.toExponential(3)}; ${((100 * same) / N).toFixed(4)}% bit-identical (n = 2^22)`);
  check('normals mean (6 SE)', Math.abs(mean) < 6 / Math.sqrt(N), `mean ${mean.toExponential(3)}, bound ${(6 / Math.sqrt(N)).toExponential(2)}`);
  check('normals variance (6 SE)', Math.abs(variance - 1) < 6 * Math.sqrt(2 / N), `variance ${variance.toFixed(6)}, bound ±${(6 * Math.sqrt(2 / N)).toExponential(2)}`);
  const qs: [number, number][] = [[0.001, -3.090232306], [0.01, -2.326347874], [0.1, -1.281551566], [0.5, 0], [0.9, 1.281551566], [0.99, 2.326347874], [0.999, 3.090232306]];
  const worst = qs.map(([p, z]) => {
    let below = 0;
    for (const v of x) if (v < z) below++;
    return Math.abs(below / N - p) / Math.sqrt((p * (1 - p)) / N);
  });
  check('normals 7 quantiles (6 SE)', Math.max(...worst) < 6, `largest deviation ${Math.max(...worst).toFixed(2)} SE`);
}
say('## Device stream vs host stream (fixed seeds; each statistical bound has false-failure rate < 2e-9)');
say();
table(['check', 'result', 'measured'], checks);

// --- Timing ---------------------------------------------------------------------------------
const BATCH = 128;
const ROUNDS = Number(process.env.GPU_CHECK_ROUNDS ?? 9);
const STEPS = Number(process.env.GPU_CHECK_STEPS ?? 20);
const xs = tf.randomUniform([BATCH, 784], 0, 1, 'float32', 5);
const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 6) as import('@tensorflow/tfjs-core').Tensor1D, 10), 'float32'));
type Entry = { name: string; make: () => import('@tensorflow/tfjs-core').Optimizer; kernel: 'device' | 'upload' };
const entries: Entry[] = [
  { name: 'tf.train.sgd', make: () => tf.train.sgd(0.01), kernel: 'device' },
  { name: 'NoisyGradientSGD, device kernel', make: () => new NoisyGradientSGD({ learningRate: 0.01, seed: 1 }), kernel: 'device' },
  { name: 'NoisyGradientSGD, upload path', make: () => new NoisyGradientSGD({ learningRate: 0.01, seed: 1 }), kernel: 'upload' },
  { name: 'NoisyGradientSGD, noise 0', make: () => new NoisyGradientSGD({ learningRate: 0.01, noise: 0, seed: 1 }), kernel: 'device' },
];
const benches = entries.map((e) => {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 256, activation: 'relu', inputShape: [784], kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: 256, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
      tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  const vars = model.trainableWeights.map((w) => w.read() as import('@tensorflow/tfjs-core').Variable);
  return { e, model, vars, opt: e.make(), times: [] as number[], uploaded: 0 };
});
const loss = (m: import('@tensorflow/tfjs-layers').LayersModel) => () => tf.losses.softmaxCrossEntropy(ys, m.apply(xs) as import('@tensorflow/tfjs-core').Tensor) as import('@tensorflow/tfjs-core').Scalar;
function withKernel<T>(k: Entry['kernel'], f: () => T): T {
  const previous = core.registerFusedNoiseKernel('webgpu', k === 'upload' ? null : core.webgpuFusedNoise);
  try {
    return f();
  } finally {
    core.registerFusedNoiseKernel('webgpu', previous);
  }
}
for (const b of benches) {
  // Warm-up: slots, pipelines; then one counted step.
  for (let i = 0; i < 3; i++) withKernel(b.e.kernel, () => b.opt.minimize(loss(b.model), false, b.vars));
  b.uploaded = withKernel(b.e.kernel, () => countUploadedBytes(() => b.opt.minimize(loss(b.model), false, b.vars))).bytes;
  await b.vars[0]!.data();
}
const t0 = Date.now();
for (let r = 0; r < ROUNDS; r++) {
  for (const b of benches) {
    const start = performance.now();
    let cost: import('@tensorflow/tfjs-core').Scalar | null = null;
    for (let s = 0; s < STEPS; s++) {
      cost?.dispose();
      cost = withKernel(b.e.kernel, () => b.opt.minimize(loss(b.model), true, b.vars));
    }
    // One read at the end of the block: the steps queue on the GPU, as in a training loop.
    await cost!.data();
    cost!.dispose();
    b.times.push((performance.now() - start) / STEPS);
  }
}
const sgd = median(benches[0]!.times);
const params = benches[0]!.vars.reduce((s, v) => s + v.size, 0);
say(`## Step time, MLP 784-256-256-10 (${params} weights), batch ${BATCH}: ${ROUNDS} round-robin rounds × ${STEPS} steps, one read per block (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
say();
table(
  ['optimizer', 'ms / step (median)', '× tf.train.sgd', 'bytes uploaded in one step'],
  benches.map((b) => [b.e.name, median(b.times).toFixed(3), (median(b.times) / sgd).toFixed(3), String(b.uploaded)]),
);
say(allPass ? 'All stream checks passed.' : '**Some stream checks FAILED** (see above).');
for (const b of benches) (b.model.dispose(), b.opt.dispose());
tf.dispose([xs, ys]);
if (process.argv[2]) writeFileSync(process.argv[2], lines.join('\n') + '\n');
process.exitCode = allPass ? 0 : 1;
