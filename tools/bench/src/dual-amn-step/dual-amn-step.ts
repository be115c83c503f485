import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Rng, resolveBackend, tf, type Csr } from '@zoo/core';
import { alignmentLoss, DualAmn, dualAmnConfigSchema, KG_FILE_DATASETS, KgDataset, pairBatches, syntheticKgDataset, type KgBatch } from '@zoo/plugin-kg';
import { z } from 'zod';
import { defineBench } from '../bench';
import { int } from '../options';
import { runTorchReference } from '../torch-reference';

/**
 * `zoo bench dual-amn-step [-- --data-dir DIR] [--dataset dbp15k-zh_en] [--steps 5] [--entities 19480] [--no-torch]`: the median time of one
 * Dual-AMN training step (encoders, NHSM over all entities, RMSprop) of the `dual-amn` recipes, here and in
 * PyTorch (tools/bench/dual_amn_torch.py: the official code's formulation, per-edge gathers and dense
 * B×N loss matrices, 2 threads; once as is and once with torch.set_flush_denormal(True)) on the same graph
 * and the same 1,024 seed pairs, one after the other. `ratio` is time over plain PyTorch's.
 * Without --data-dir: a synthetic pair of graphs of DBP15K's size (--entities per graph: 38,960 in all).
 */
const DATASET_IDS = KG_FILE_DATASETS.map((d) => d.id) as [string, ...string[]];

export const dualAmnStepOptions = z.object({
  dataDir: z.string().min(1).optional().describe('the --data-dir of `zoo eval` (omitted: a synthetic graph of DBP15K\'s size)'),
  dataset: z.enum(DATASET_IDS).default('dbp15k-zh_en').describe('with --data-dir: the file dataset'),
  steps: int(1).default(5).describe('timed steps (after one warm-up)'),
  entities: int(20).default(19480).describe('without --data-dir: entities per synthetic graph'),
  torch: z.boolean().default(true).describe('time PyTorch too (--no-torch: skip it)'),
});
type DualAmnStepOptions = z.output<typeof dualAmnStepOptions>;

async function loadDataset(o: DualAmnStepOptions): Promise<KgDataset> {
  const rng = new Rng(0);
  if (o.dataDir) {
    const def = KG_FILE_DATASETS.find((d) => d.id === o.dataset)!;
    return (await def.load(def.configSchema.parse({}), { rng, dataDir: o.dataDir })) as KgDataset;
  }
  // DBP15K zh_en's size: 38,960 entities, 165k triples over 3,024 relations (degree ≈ 4.2 per entity)
  const cfg = syntheticKgDataset.configSchema.parse({ entities: o.entities, relations: Math.max(1, Math.round(o.entities / 12.9)), degree: 4.2 });
  return (await syntheticKgDataset.load(cfg, { rng })) as KgDataset;
}

/** The graph and the batch as raw little-endian arrays plus meta.json, for the Python reference. */
function exportGraph(dir: string, ds: KgDataset, left: Int32Array, right: Int32Array) {
  const g = ds.graph;
  const arrays: Record<string, Int32Array | Float32Array> = {};
  const csr = (name: string, m: Csr) => {
    arrays[`${name}_indptr`] = m.indptr;
    arrays[`${name}_indices`] = m.indices;
    arrays[`${name}_values`] = m.values;
  };
  csr('ent', g.entAdj);
  csr('rel', g.relAdj);
  csr('kind', g.kindRel);
  Object.assign(arrays, { src: g.src, dst: g.dst, kind: g.edgeKind, left, right });
  const dtypes: Record<string, string> = {};
  for (const [name, a] of Object.entries(arrays)) {
    fs.writeFileSync(path.join(dir, `${name}.bin`), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    dtypes[name] = a instanceof Int32Array ? '<i4' : '<f4';
  }
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ N: g.numEntities, R: g.numRelations, K: g.kindRel.rows, arrays: dtypes }));
}

function torchStep(dir: string, steps: number, log: (l: string) => void, flushDenormal: boolean): number | null {
  const out = runTorchReference('dual_amn_torch.py', [dir, String(steps), ...(flushDenormal ? ['--flush-denormal'] : [])], log, 1_800_000) as { ms_per_step: number } | null;
  return out?.ms_per_step ?? null;
}

export const dualAmnStepBench = defineBench({
  id: 'dual-amn-step',
  description: 'one Dual-AMN training step on DBP15K (--data-dir) or a graph of its size: ms per step here and in PyTorch',
  options: dualAmnStepOptions,
  async run(o, { log }) {
    const backend = await resolveBackend();
    const ds = await loadDataset(o);
    const g = ds.graph;
    log(`dual-amn-step: ${o.dataDir ? o.dataset : 'synthetic'}: ${g.numEntities} entities, ${g.src.length} edges, ${g.kindRel.rows} relation kinds; backend ${backend.name}`);
    const model = new DualAmn(ds, new Rng(1), dualAmnConfigSchema.parse({}));
    const batch = pairBatches(ds.kg.train, { batchSize: 1024 })[Symbol.iterator]().next().value as KgBatch; // the first 1,024 training pairs
    const optimizer = tf.train.rmsprop(0.005);
    const vars = model.trainableVariables();
    const times: number[] = [];
    for (let s = 0; s <= o.steps; s++) {
      const t0 = performance.now();
      const cost = optimizer.minimize(() => alignmentLoss(model.embeddings(true), batch, { gamma: 1, lambda: 30, tau: 10 }), true, vars)!;
      const loss = cost.dataSync()[0];
      cost.dispose();
      const ms = performance.now() - t0;
      log(`zoo dual-amn step ${s}: ${ms.toFixed(0)} ms (loss ${loss.toFixed(3)})${s === 0 ? ' (warm-up)' : ''}`);
      if (s > 0) times.push(ms);
    }
    const left = batch.leftIds.slice();
    const right = batch.rightIds.slice();
    batch.dispose();
    optimizer.dispose();
    model.dispose();
    times.sort((a, b) => a - b);
    const ours = times[Math.floor(times.length / 2)];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-dual-amn-'));
    let torchMs: number | null = null;
    let torchFtzMs: number | null = null;
    try {
      exportGraph(dir, ds, left, right);
      if (o.torch) {
        torchMs = torchStep(dir, o.steps, log, false);
        if (torchMs !== null) torchFtzMs = torchStep(dir, o.steps, log, true);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const graph = o.dataDir ? o.dataset : `synthetic (${g.numEntities} entities)`;
    return [
      { name: 'dual-amn-step', impl: `zoo (${backend.name})`, graph, ms: ours, torch_ms: torchMs, ratio: torchMs ? ours / torchMs : null },
      ...(torchMs ? [{ name: 'dual-amn-step', impl: 'pytorch (2 threads)', graph, ms: torchMs, torch_ms: torchMs, ratio: 1 }] : []),
      // subnormal softmax weights slow PyTorch's matmuls as they slowed ours; flushing them is one line there
      ...(torchFtzMs ? [{ name: 'dual-amn-step', impl: 'pytorch (2 threads, set_flush_denormal)', graph, ms: torchFtzMs, torch_ms: torchMs, ratio: torchFtzMs / torchMs! }] : []),
    ];
  },
});
