import { InvalidOptionError, checkOptions, checkOwnKey, isPlainObject } from '../validation';
import { AlphaStableSampler } from './alphaStableSampler';
import { GaussianSampler } from './gaussianSampler';
import { RademacherSampler } from './rademacherSampler';
import type { Sampler } from './sampler';
import type { SamplerConfig, SamplerKind } from './samplerConfig';
import { UniformSampler } from './uniformSampler';

const builders: { [K in SamplerKind]: (config: Extract<SamplerConfig, { kind: K }>) => Sampler } = {
  gaussian: (c) => (checkOptions('gaussian sampler', c, ['kind']), new GaussianSampler()),
  rademacher: (c) => (checkOptions('rademacher sampler', c, ['kind']), new RademacherSampler()),
  uniform: (c) => (checkOptions('uniform sampler', c, ['kind']), new UniformSampler()),
  'alpha-stable': (c) => new AlphaStableSampler(checkOptions('alpha-stable sampler', c, ['kind', 'alpha']).alpha),
};

export const SAMPLER_KINDS = Object.keys(builders) as SamplerKind[];

export function samplerFromConfig(config: SamplerConfig): Sampler {
  if (!isPlainObject(config)) throw new InvalidOptionError('samplerFromConfig', 'config', config, 'a sampler config such as {kind: "gaussian"}');
  const kind = checkOwnKey('samplerFromConfig', 'kind', (config as { kind?: unknown }).kind, builders);
  return (builders[kind] as (c: SamplerConfig) => Sampler)(config);
}

function isSampler(x: unknown): x is Sampler {
  return typeof x === 'object' && x !== null && typeof (x as Sampler).sample === 'function';
}

/** Accepts a sampler or its config. */
export function toSampler(owner: string, parameter: string, value: unknown): Sampler {
  if (isSampler(value)) return value;
  if (isPlainObject(value) && Object.hasOwn(value, 'kind')) return samplerFromConfig(value as SamplerConfig);
  throw new InvalidOptionError(owner, parameter, value, 'a Sampler or a sampler config such as {kind: "gaussian"}');
}
