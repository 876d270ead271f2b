import { describeValue } from '../internal/describe_value';

/**
 * The contents of an IDX file of unsigned bytes (LeCun's format of the MNIST
 * files): its dimensions and its values, row-major.
 *
 * @category Datasets
 */
export interface IdxArray {
  /** Sizes of the dimensions, e.g. `[10000, 28, 28]` for MNIST test images, `[10000]` for its labels. */
  shape: number[];
  /** The values, row-major (last dimension fastest); `shape`'s product of them. A view of the input's bytes. */
  data: Uint8Array;
}

/** IDX type code of unsigned bytes, the third byte of the magic number. */
const UNSIGNED_BYTE = 0x08;
/** Bytes of the magic number and of each dimension size (big-endian uint32). */
const WORD = 4;

/**
 * Parses an IDX file of unsigned bytes (http://yann.lecun.com/exdb/mnist/):
 * a big-endian magic number `0x0000 08 D` (two zero bytes, type 0x08 for
 * unsigned bytes, D dimensions; 0x00000801 for label files, 0x00000803 for
 * image files), D big-endian uint32 sizes, then the values.
 *
 * @param bytes The whole file.
 * @param name The file's name or URL, for error messages.
 * @returns The dimensions and a view of the values (no copy).
 * @throws Error naming `name` when the magic number is not that of unsigned
 *   bytes with at least one dimension, or when the file's length is not
 *   header + product of the sizes (a truncated file, or trailing bytes),
 *   saying the expected and actual byte counts.
 *
 * @example
 * ```ts
 * // A 1-dimensional label file with the labels 7 and 2.
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 2]);
 * parseIdx(bytes, 'labels.idx'); // => { shape: [2], data: Uint8Array [7, 2] }
 * ```
 *
 * @category Datasets
 */
export function parseIdx(bytes: ArrayBuffer | Uint8Array, name: string): IdxArray {
  const view = toBytes(bytes, name);
  if (view.length < WORD) {
    throw new Error(`IDX file ${name} is ${view.length} bytes long, too short for its 4-byte magic number`);
  }
  const magic = readUint32(view, 0);
  const dims = view[3];
  if (view[0] !== 0 || view[1] !== 0 || view[2] !== UNSIGNED_BYTE || dims === 0) {
    throw new Error(
      `IDX file ${name} has the magic number 0x${hex(magic)}, but an IDX file of unsigned bytes ` +
        'starts with 0x000008 and its number of dimensions (0x00000801 for labels, 0x00000803 for images)',
    );
  }
  const headerBytes = WORD * (1 + dims);
  if (view.length < headerBytes) {
    throw new Error(
      `IDX file ${name} is truncated: its header of ${dims} dimensions needs ${headerBytes} bytes, but the file has ${view.length}`,
    );
  }
  const shape = Array.from({ length: dims }, (_, i) => readUint32(view, WORD * (1 + i)));
  const expected = headerBytes + shape.reduce((product, size) => product * size, 1);
  if (view.length !== expected) {
    throw new Error(
      `IDX file ${name} ${view.length < expected ? 'is truncated' : 'has trailing bytes'}: ` +
        `its header [${shape.join(', ')}] needs ${expected} bytes, but the file has ${view.length}`,
    );
  }
  return { shape, data: view.subarray(headerBytes) };
}

function toBytes(bytes: unknown, name: string): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new Error(`IDX file ${name} must be an ArrayBuffer or a Uint8Array, but got ${describeValue(bytes)}`);
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
