export { CounterStream } from './counter_stream';
export { seededPermutation } from './seeded_permutation';
export { streamSeed } from './stream_seed';
