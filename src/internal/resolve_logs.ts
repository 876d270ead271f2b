import { isTensor } from './is_tensor';

/**
 * The numbers of a callback's logs: `model.fit` hands `tf.Callback`s its
 * losses as scalar tensors (only `tf.CustomCallback` resolves them), so a
 * callback object reads them through here.
 *
 * @param logs Logs of numbers and / or scalar tensors.
 * @returns The same keys with numbers.
 * @internal
 */
export async function resolveLogs(logs: Record<string, unknown> | undefined): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(logs ?? {}).map(async ([key, value]) => {
      const number = isTensor(value) ? (await value.data())[0] : value;
      return [key, number] as const;
    }),
  );
  return Object.fromEntries(entries.filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}
