/**
 * `@zoo/bench`: every benchmark of the zoo (private, never a dependency of a published package).
 * `zoo bench` finds this entry through package.json's `"zoo": { "bench": "dist/index.js" }` and reads
 * `benches`: each has an id, a description, one zod schema for its options, `parse(args)`, `run`, `table`.
 */
import type { Bench } from './bench';
import { backendsBench } from './backends/backends-bench';
import { dualAmnStepBench } from './dual-amn-step/dual-amn-step';
import { gnnScaleBench } from './gnn-scale/gnn-scale';
import { videoStepBench } from './video-step/video-step';
import { videoOpsBench } from './video-ops/video-ops';

/** The default bench (`zoo bench` with no id) comes first. */
export const benches: Bench[] = [backendsBench, gnnScaleBench, dualAmnStepBench, videoStepBench, videoOpsBench] as unknown as Bench[];
export const defaultBench = backendsBench.id;

export { defineBench, genericTable, type Bench, type BenchContext, type BenchRow, type BenchSpec } from './bench';
export { flagName, int, listOf, num, optionsHelp, parseBenchArgs, positive, validateBenchOptions } from './options';
export { runTorchReference } from './torch-reference';
export { backendsBench, backendsBenchOptions, benchTable, loadBlasBackend, runBench, timeMs, WORKLOADS, type BackendBenchRow, type BenchOptions } from './backends/backends-bench';
export { det, gcnTrainStep, randomGraph, resnet18TrainStep } from './backends/workloads';
export { gnnScaleBench, gnnScaleOptions } from './gnn-scale/gnn-scale';
export { dualAmnStepBench, dualAmnStepOptions } from './dual-amn-step/dual-amn-step';
export { videoStepBench, videoStepOptions, VIDEO_WORKLOADS } from './video-step/video-step';
export { videoOpsBench, videoOpsOptions, videoOpShapes, cpuModel, VIDEO_OPS } from './video-ops/video-ops';
