import Table from 'cli-table3';
import type { EvalRow } from '@zoo/core';

/** A fraction as a percentage with two decimals; '-' for none. */
export function pct(v: number | null): string {
  return v === null ? '-' : (v * 100).toFixed(2);
}

/** A cli-table3 table with the zoo's plain style. */
export function plainTable(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [] } });
}

/** `zoo eval` table: recipe | metric | ours (mean ± std) | paper | Δ | seconds | backend. */
export function formatEvalTable(rows: EvalRow[]): string {
  const t = plainTable(['recipe', 'metric', 'ours (%)', 'paper (%)', 'Δ', 'seconds', 'backend', 'status']);
  for (const r of rows) {
    const ours = r.mean === null ? '-' : `${pct(r.mean)} ± ${pct(r.std)}`;
    const delta = r.mean !== null && r.paper !== null ? `${r.mean >= r.paper ? '+' : ''}${pct(r.mean - r.paper)}` : '-';
    t.push([r.recipe, r.metric, ours, pct(r.paper), delta, r.seconds.toFixed(1), r.backend, r.status === 'ok' ? 'ok' : `${r.status}: ${r.reason ?? ''}`.slice(0, 90)]);
  }
  return t.toString();
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `zoo eval --csv`: the JSON rows' fields as columns. */
export function rowsToCsv(rows: EvalRow[]): string {
  const cols: (keyof EvalRow)[] = ['recipe', 'metric', 'mean', 'std', 'seeds', 'paper', 'seconds', 'backend', 'status', 'reason'];
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

/** A markdown table with one column per key of the first row. */
export function genericTable(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(no rows)';
  const keys = Object.keys(rows[0]);
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : v === null || v === undefined ? '-' : String(v));
  return [`| ${keys.join(' | ')} |`, `|${keys.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${keys.map((k) => cell(r[k])).join(' | ')} |`)].join('\n');
}
