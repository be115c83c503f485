import Table from 'cli-table3';
import type { EvalRow, MetricUnit } from '@zoo/core';

/** A fraction as a percentage with two decimals; '-' for none. */
export function pct(v: number | null): string {
  return v === null ? '-' : (v * 100).toFixed(2);
}

/**
 * A plain number, short and without hiding small values: 4 significant digits (trailing zeros
 * dropped), whole numbers from 10,000 up, and an exponent below 0.001 (2.75e-7, not 0.0000).
 */
export function plainNumber(v: number): string {
  const a = Math.abs(v);
  if (!Number.isFinite(v)) return String(v);
  if (a === 0) return '0';
  if (a < 1e-3 || a >= 1e9) return v.toExponential(2).replace('e+', 'e');
  if (a >= 1e4) return Math.round(v).toString();
  return String(Number(v.toPrecision(4)));
}

/** A metric value in its unit: `83.96%` for a fraction, `0.4574` for a count, `1.2 s` for seconds. */
export function formatValue(v: number | null, unit: MetricUnit): string {
  if (v === null) return '-';
  if (unit === 'fraction') return `${pct(v)}%`;
  return unit === 'seconds' ? `${plainNumber(v)} s` : plainNumber(v);
}

/** Mean, and ± the sample standard deviation only when there are two seeds or more (one seed has none). */
export function formatMean(mean: number | null, std: number | null, seeds: number, unit: MetricUnit): string {
  if (mean === null) return '-';
  if (seeds < 2 || std === null) return formatValue(mean, unit);
  if (unit === 'fraction') return `${pct(mean)} ± ${pct(std)}%`;
  return `${formatValue(mean, unit)} ± ${formatValue(std, unit)}`;
}

/** ours − paper in the metric's unit: percentage points for fractions (`+1.23 pp`). */
export function formatDelta(mean: number | null, paper: number | null, unit: MetricUnit): string {
  if (mean === null || paper === null) return '-';
  const d = mean - paper;
  const sign = d >= 0 ? '+' : '-';
  if (unit === 'fraction') return `${sign}${pct(Math.abs(d))} pp`;
  return `${sign}${formatValue(Math.abs(d), unit)}`;
}

/** A cli-table3 table with the zoo's plain style. */
export function plainTable(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [] } });
}

/** Width the eval table keeps to (a terminal's 100 columns); details go to `--json`/`--csv`. */
export const EVAL_TABLE_WIDTH = 100;

/**
 * Words of `text` in lines of at most `width` characters (the first line `width − firstIndent`),
 * breaking only at spaces: a word longer than a line keeps its own line whole (paths are never cut).
 */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/ +/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width - (out.length ? indent.length : 0)) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out.map((l, i) => (i ? indent + l : l));
}

/**
 * What the table says of a failure: the message, without a stack trace's frames (the whole reason
 * stays in `--json`/`--csv`).
 */
export function reasonText(reason: string): string {
  const lines = reason.split('\n');
  const frame = lines.findIndex((l) => /^\s+at /.test(l));
  if (frame < 0) return reason.trim();
  return `${lines.slice(0, frame).join('\n').trim()} (stack trace in --json/--csv)`;
}

interface Group {
  recipe: string;
  rows: EvalRow[];
}

function groups(rows: EvalRow[]): Group[] {
  const by = new Map<string, Group>();
  for (const r of rows) {
    let g = by.get(r.recipe);
    if (!g) by.set(r.recipe, (g = { recipe: r.recipe, rows: [] }));
    g.rows.push(r);
  }
  return [...by.values()];
}

/** After a mean that does not beat its metric's chance level (`EvalRow.atChance`). */
export const AT_CHANCE = '≈chance';

/**
 * `zoo eval` table, one block per recipe: the recipe's line with its run time and status, then one
 * indented line per metric with ours (mean, ± the sample std over ≥ 2 seeds), the paper's value and
 * Δ, each in the metric's unit, marked `≈chance` where it does not beat guessing. A skipped or failed recipe's status points to a numbered note below
 * the table that gives its reason once, whole, wrapped at spaces; recipes with the same reason share
 * a note. The backend is named once at the bottom.
 */
export function formatEvalTable(rows: EvalRow[]): string {
  const notes: string[] = [];
  const noteOf = (reason: string): number => {
    const text = reasonText(reason);
    const i = notes.indexOf(text);
    return i >= 0 ? i + 1 : notes.push(text);
  };
  type Line = { name: string; ours?: string; paper?: string; delta?: string; seconds?: string; status?: string };
  const lines: Line[] = [];
  for (const g of groups(rows)) {
    const first = g.rows[0];
    const status = first.status === 'ok' ? 'ok' : `${first.status} [${noteOf(first.reason ?? '(no reason given)')}]`;
    lines.push({ name: g.recipe, seconds: first.status === 'skipped' ? '-' : first.seconds.toFixed(1), status });
    for (const r of g.rows) {
      if (r.mean === null && r.paper === null) continue;
      lines.push({ name: `  ${r.metric}`, ours: formatMean(r.mean, r.std, r.seeds, r.unit) + (r.atChance ? ` ${AT_CHANCE}` : ''), paper: formatValue(r.paper, r.unit), delta: formatDelta(r.mean, r.paper, r.unit) });
    }
  }
  const head: Required<Line> = { name: 'recipe / metric', ours: 'ours', paper: 'paper', delta: 'Δ', seconds: 'seconds', status: 'status' };
  const w = (k: keyof Line, metricLinesOnly = false) => Math.max(head[k].length, ...lines.filter((l) => !metricLinesOnly || l.ours !== undefined).map((l) => (l[k] ?? '').length));
  const widths = { name: w('name', true), ours: w('ours'), paper: w('paper'), delta: w('delta'), seconds: w('seconds'), status: w('status') };
  // a recipe's line spans the metric columns (empty there), so a long id only widens the name column when it must
  const valuesWidth = widths.name + 2 + widths.ours + 2 + widths.paper + 2 + widths.delta;
  const longestId = Math.max(0, ...lines.filter((l) => l.ours === undefined).map((l) => l.name.length));
  if (longestId > valuesWidth) widths.name += longestId - valuesWidth;
  const render = (l: Line): string => {
    const values = l.ours === undefined ? l.name.padEnd(widths.name + 6 + widths.ours + widths.paper + widths.delta) : [l.name.padEnd(widths.name), (l.ours ?? '').padStart(widths.ours), (l.paper ?? '').padStart(widths.paper), (l.delta ?? '').padStart(widths.delta)].join('  ');
    return `${values}  ${(l.seconds ?? '').padStart(widths.seconds)}  ${l.status ?? ''}`.trimEnd();
  };
  const headLine = render(head);
  const out = [headLine, '─'.repeat(Math.min(EVAL_TABLE_WIDTH, Math.max(headLine.length, ...lines.map((l) => render(l).length)))), ...lines.map(render)];
  const backends = [...new Set(rows.map((r) => r.backend))];
  if (backends.length) out.push('', `backend: ${backends.join(', ')}`);
  if (rows.some((r) => r.atChance)) out.push(`${AT_CHANCE}: no better than guessing (the metric's chance level, \`chance\` in --json)`);
  notes.forEach((text, i) => {
    const tag = `[${i + 1}] `;
    out.push(...wrapWords(`${tag}${text}`, EVAL_TABLE_WIDTH, ' '.repeat(tag.length)));
  });
  return out.join('\n');
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `zoo eval --csv`: the JSON rows' fields as columns (newer ones last, so the older columns keep their places). */
export function rowsToCsv(rows: EvalRow[]): string {
  const cols: (keyof EvalRow)[] = ['recipe', 'metric', 'mean', 'std', 'seeds', 'paper', 'seconds', 'backend', 'status', 'reason', 'unit', 'chance', 'atChance'];
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

/** A markdown table with one column per key of the first row. */
export function genericTable(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(no rows)';
  const keys = Object.keys(rows[0]);
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : v === null || v === undefined ? '-' : String(v));
  return [`| ${keys.join(' | ')} |`, `|${keys.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${keys.map((k) => cell(r[k])).join(' | ')} |`)].join('\n');
}
