import { describeValue } from './describe_value';

/**
 * The value of a renamed option, read under its new name or, for one more
 * release, under its deprecated old one: `{ initialization: 'he' }` and
 * `{ initialisation: 'he' }` both give `'he'`. The new name wins when both
 * are given with the same value; different values are a contradiction the
 * caller has to resolve, not one to settle silently.
 *
 * @param options The caller's options object.
 * @param name The option's name.
 * @param deprecated Its old, deprecated name.
 * @returns `options[name]`, else `options[deprecated]`; undefined when neither is given.
 * @throws Error naming both options when both are given and differ.
 */
export function renamedOption<T, K extends keyof T & string, D extends keyof T & string>(
  options: T,
  name: K,
  deprecated: D,
): T[K] | T[D] {
  const value = options[name];
  const old = options[deprecated];
  if (value !== undefined && old !== undefined && !Object.is(value, old)) {
    throw new Error(
      `\`${deprecated}\` is the deprecated name of \`${name}\`; give only \`${name}\`, but got \`${name}\` ${describeValue(value)} and \`${deprecated}\` ${describeValue(old)}`,
    );
  }
  return value !== undefined ? value : old;
}
