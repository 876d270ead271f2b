/**
 * The supervised baseline of the few-label test, kept once per recipe: it
 * trains the MNIST encoder and the head from scratch on the labelled digits,
 * so it depends on the data and the recipe, never on the autoencoders. A run
 * reuses the stored result of its recipe and computes (and stores) only the
 * recipes the store lacks, or every one when asked to recompute.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { FewLabelResult } from 'irmae';
import type { SupervisedTask } from './measure-task';

/** Everything the baseline's accuracies depend on. */
export type SupervisedRecipe = Omit<SupervisedTask, 'kind' | 'model'>;

/** One stored result with the recipe that produced it. */
export interface StoredBaseline {
  recipe: SupervisedRecipe;
  result: FewLabelResult;
  /** The tfjs backend and the Node version that computed it (the fused kernels of Node 22 and later round differently). */
  computedWith: { backend: string; node: string };
}

/** The committed store, beside the MNIST results. */
export const BASELINE_STORE = new URL('../../results/mnist/supervised-baseline.json', import.meta.url).pathname;

/** The recipe of a supervised job. */
export function supervisedRecipe({ runs, poolSize, testSize, latentDim, initialization }: SupervisedTask): SupervisedRecipe {
  return { runs, poolSize, testSize, latentDim, initialization };
}

/** The stored results; none when the file does not exist. */
export function readBaselineStore(path: string): StoredBaseline[] {
  if (!existsSync(path)) return [];
  return JSON.parse(readFileSync(path, 'utf8')) as StoredBaseline[];
}

/** The stored result of exactly `recipe`, if any. */
export function findStoredBaseline(store: readonly StoredBaseline[], recipe: SupervisedRecipe): StoredBaseline | undefined {
  const key = JSON.stringify(recipe);
  return store.find((entry) => JSON.stringify(entry.recipe) === key);
}

/** Writes `added` into the store at `path`, replacing entries of the same recipes; entries stay ordered by pool size and labelled count. */
export function saveBaselines(path: string, added: readonly StoredBaseline[]): void {
  const keys = new Set(added.map((entry) => JSON.stringify(entry.recipe)));
  const kept = readBaselineStore(path).filter((entry) => !keys.has(JSON.stringify(entry.recipe)));
  const all = [...kept, ...added].sort((a, b) => a.recipe.poolSize - b.recipe.poolSize || a.recipe.runs.labelCount - b.recipe.runs.labelCount);
  writeFileSync(path, `${JSON.stringify(all, null, 2)}\n`);
}
