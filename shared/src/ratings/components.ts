/**
 * Which models are linked by votes, directly or through other models. Bradley–Terry compares
 * models only within such a group: between groups the data say nothing, and each group's ratings
 * are fixed only up to a shift of their own.
 */

/**
 * Labels each of `size` models with its connected component (0, 1, … in order of each
 * component's lowest-numbered model), counting a row as a link only if its weight is > 0.
 */
export function connectedComponents(size: number, a: Int32Array, b: Int32Array, weight: ArrayLike<number>): Int32Array {
  // Union–find with path halving; a few thousand rows, so no need for union by rank.
  const parent = Int32Array.from({ length: size }, (_, i) => i);
  const root = (model: number): number => {
    let node = model;
    while (parent[node]! !== node) {
      parent[node] = parent[parent[node]!]!;
      node = parent[node]!;
    }
    return node;
  };
  for (let row = 0; row < weight.length; row++) {
    if (!(weight[row]! > 0)) continue;
    const rootA = root(a[row]!);
    const rootB = root(b[row]!);
    if (rootA !== rootB) parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  }
  const label = new Int32Array(size);
  const labelOfRoot = new Map<number, number>();
  for (let model = 0; model < size; model++) {
    const modelRoot = root(model);
    let component = labelOfRoot.get(modelRoot);
    if (component === undefined) {
      component = labelOfRoot.size;
      labelOfRoot.set(modelRoot, component);
    }
    label[model] = component;
  }
  return label;
}

/** Shifts θ (in place) so that every component has mean exactly 0. */
export function centreEachComponent(theta: Float64Array, component: Int32Array): void {
  let components = 0;
  for (let i = 0; i < component.length; i++) components = Math.max(components, component[i]! + 1);
  const sum = new Float64Array(components);
  const members = new Float64Array(components);
  for (let i = 0; i < theta.length; i++) {
    sum[component[i]!] = sum[component[i]!]! + theta[i]!;
    members[component[i]!] = members[component[i]!]! + 1;
  }
  for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! - sum[component[i]!]! / members[component[i]!]!;
}
