import { expect, it } from 'vitest';

it('passes (1)', () => expect(1 + 1).toBe(2));
it('passes (2)', () => expect([1, 2]).toHaveLength(2));
it('fails', () => expect(1 + 1).toBe(3));
it.skip('is skipped', () => expect(0).toBe(1));
