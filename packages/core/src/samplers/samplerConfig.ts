import type { AlphaStableSamplerConfig } from './alphaStableSampler';
import type { GaussianSamplerConfig } from './gaussianSampler';
import type { RademacherSamplerConfig } from './rademacherSampler';
import type { UniformSamplerConfig } from './uniformSampler';

export type SamplerConfig =
  | GaussianSamplerConfig
  | RademacherSamplerConfig
  | UniformSamplerConfig
  | AlphaStableSamplerConfig;

export type SamplerKind = SamplerConfig['kind'];
