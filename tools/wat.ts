import wabt from 'wabt';

/** The binary module of WebAssembly text `source` (SIMD enabled), validated. */
export async function assembleWat(source: string): Promise<Uint8Array> {
  const toolkit = await wabt();
  const parsed = toolkit.parseWat('module.wat', source, { simd: true });
  try {
    parsed.validate();
    return new Uint8Array(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}
