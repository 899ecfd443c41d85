import { InvalidOptionError } from '../validation';
import { AlphaStableSampler } from './alphaStableSampler';
import { GaussianSampler } from './gaussianSampler';
import { RademacherSampler } from './rademacherSampler';
import type { Sampler } from './sampler';
import type { SamplerConfig, SamplerKind } from './samplerConfig';
import { UniformSampler } from './uniformSampler';

const builders: { [K in SamplerKind]: (config: Extract<SamplerConfig, { kind: K }>) => Sampler } = {
  gaussian: () => new GaussianSampler(),
  rademacher: () => new RademacherSampler(),
  uniform: () => new UniformSampler(),
  'alpha-stable': (c) => new AlphaStableSampler(c.alpha),
};

export const SAMPLER_KINDS = Object.keys(builders) as SamplerKind[];

export function samplerFromConfig(config: SamplerConfig): Sampler {
  const kind = (config as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(kind in builders)) {
    throw new InvalidOptionError('samplerFromConfig', 'kind', kind, `one of ${SAMPLER_KINDS.map((k) => JSON.stringify(k)).join(', ')}`);
  }
  return (builders[kind as SamplerKind] as (c: SamplerConfig) => Sampler)(config);
}

function isSampler(x: unknown): x is Sampler {
  return typeof x === 'object' && x !== null && typeof (x as Sampler).sample === 'function';
}

/** Accepts a sampler or its config. */
export function toSampler(owner: string, parameter: string, value: unknown): Sampler {
  if (isSampler(value)) return value;
  if (typeof value === 'object' && value !== null && 'kind' in value) return samplerFromConfig(value as SamplerConfig);
  throw new InvalidOptionError(owner, parameter, value, 'a Sampler or a sampler config such as {kind: "gaussian"}');
}
