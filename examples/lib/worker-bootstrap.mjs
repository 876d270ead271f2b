// Entry of every model worker. Worker threads do not inherit the TypeScript
// loader of the main thread (tsx), so register it here before loading the
// TypeScript entry named in workerData.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);
