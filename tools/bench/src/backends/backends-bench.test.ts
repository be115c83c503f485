import { backendsBench, benchTable } from './backends-bench';

describe('zoo bench (backends) options and table', () => {
  it('keeps --only and --backends (comma lists); PyTorch by default, --no-torch skips it', () => {
    expect(backendsBench.parse([])).toEqual({ backends: ['blas', 'wasm', 'cpu'], torch: true });
    expect(backendsBench.parse(['--only', 'sgemm-1024,gcn-20k-train', '--backends', 'cpu', '--no-torch'])).toEqual({
      only: ['sgemm-1024', 'gcn-20k-train'],
      backends: ['cpu'],
      torch: false,
    });
  });

  it('a workload that does not exist is named', () => {
    expect(() => backendsBench.parse(['--only', 'sgemm'])).toThrow(/^bench backends option --only\[0\]: expected one of "sgemm-1024"\|"conv-layer"\|"resnet18-cifar100-train-b32"\|"gcn-20k-train" \(got "sgemm"\)$/);
  });

  it('tables rows as the README shows them', () => {
    const rows = [
      { name: 'sgemm-1024', backend: 'blas', ms: 10.04, gflops: 213.9, torch_ms: null, ratio: 1.02 },
      { name: 'conv-layer', backend: 'wasm', ms: 250, gflops: null, torch_ms: 100, ratio: 2.5 },
    ];
    expect(benchTable(rows)).toBe(
      [
        '| workload | backend | ms | GFLOP/s | PyTorch ms | ratio (sgemm: to raw OpenBLAS; others: to PyTorch) |',
        '|---|---|---|---|---|---|',
        '| sgemm-1024 | blas | 10.0 | 213.9 | - | 1.02× |',
        '| conv-layer | wasm | 250.0 | - | 100.0 | 2.50× |',
      ].join('\n'),
    );
    expect(backendsBench.table(rows)).toBe(benchTable(rows));
  });
});
