export { selectBackend, useFastestBackend, type BackendChoice } from './select_backend';
export { useWasmTraining, type WasmTrainingInfo, type WasmTrainingOptions } from './use_wasm_training';
export { registerWasmTrainingKernels } from './register_wasm_training_kernels';
export type { WasmPackage } from './load_wasm_package';
export { gemmPath, setGemmPath, type GemmPath } from './gemm';
