/**
 * Gives each variable a stable index, in order of first appearance.
 *
 * Noise seeds and slots are keyed by this index rather than by the variable's
 * name or its position in one call: tfjs-layers renames variables when a model
 * is rebuilt in the same process (`dense/kernel` becomes `dense/kernel_1`),
 * and keying by position breaks when gradient order changes between calls
 * (tfjs issue #8379). After `setWeights` the registry starts empty, so the
 * restored optimizer's first call must present the variables in the order
 * the original's first call did, which `model.fit` and `minimize` always do.
 */
export class VariableRegistry {
  private readonly indices = new Map<string, number>();
  private readonly order: string[] = [];
  /** Names saved with a restored state, used for naming until variables register again. */
  private restored = new Map<number, string>();

  indexOf(name: string): number {
    let index = this.indices.get(name);
    if (index === undefined) {
      index = this.order.length;
      this.indices.set(name, index);
      this.order.push(name);
    }
    return index;
  }

  /** The name first registered at `index`, for naming saved slots. */
  nameAt(index: number): string {
    return this.order[index] ?? this.restored.get(index) ?? `variable${index}`;
  }

  /** Forgets every variable; `names` (from a restored state) keep saved slots' names stable until then. */
  reset(names: ReadonlyMap<number, string> = new Map()): void {
    this.indices.clear();
    this.order.length = 0;
    this.restored = new Map(names);
  }
}
