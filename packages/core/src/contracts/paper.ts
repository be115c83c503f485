import { ZooError } from '../errors';

/**
 * A paper a number or a procedure comes from. `title`, `year` and (when on arXiv) `arxiv` identify
 * it; the rest is shown by `zoo info`.
 */
export interface PaperRef {
  title: string;
  year: number;
  /** arXiv id, e.g. '2101.11859'. */
  arxiv?: string;
  authors?: string;
  venue?: string;
  url?: string;
  code?: string;
}

/** The paper's reported value for one metric, in the metric's unit (a fraction for accuracies: 0.815, not 81.5), and where it is printed. */
export interface PaperValue {
  metric: string;
  value: number;
  ref: PaperRef;
  /** Where in the paper, e.g. 'Table 3, row GNN-LF-closed'. */
  where: string;
}

const ARXIV_ID = /^\d{4}\.\d{4,5}$/;

/** `Title (2021, arXiv 2101.11859)`: one line naming a paper. */
export function formatPaperRef(ref: PaperRef): string {
  return `${ref.title} (${ref.year}${ref.arxiv ? `, arXiv ${ref.arxiv}` : ''})`;
}

/** Problems of a paper reference, each as `field: what is wrong`; empty when it is well formed. */
export function paperRefProblems(ref: unknown, field: string): string[] {
  if (typeof ref !== 'object' || ref === null) return [`${field}: expected { title, year, arxiv? }`];
  const r = ref as Record<string, unknown>;
  const out: string[] = [];
  if (typeof r.title !== 'string' || r.title.trim() === '') out.push(`${field}.title: expected a non-empty string`);
  if (typeof r.year !== 'number' || !Number.isInteger(r.year) || r.year < 1900 || r.year > 2100) out.push(`${field}.year: expected a year (got ${JSON.stringify(r.year)})`);
  if (r.arxiv !== undefined && (typeof r.arxiv !== 'string' || !ARXIV_ID.test(r.arxiv))) out.push(`${field}.arxiv: expected an id like 2101.11859 (got ${JSON.stringify(r.arxiv)})`);
  return out;
}

/** Problems of one paper value (`field` is e.g. `paper[0]`). */
export function paperValueProblems(p: unknown, field: string): string[] {
  if (typeof p !== 'object' || p === null) return [`${field}: expected { metric, value, ref, where }`];
  const v = p as Record<string, unknown>;
  const out: string[] = [];
  if (typeof v.metric !== 'string' || v.metric === '') out.push(`${field}.metric: expected a metric name`);
  if (typeof v.value !== 'number' || !Number.isFinite(v.value)) out.push(`${field}.value: expected a finite number (in the metric's unit: a fraction for accuracies)`);
  if (typeof v.where !== 'string' || v.where.trim() === '') out.push(`${field}.where: expected where the value is printed, e.g. 'Table 3, row GCN'`);
  if ('source' in v) out.push(`${field}.source: replaced by ref { title, year, arxiv? } and where`);
  out.push(...paperRefProblems(v.ref, `${field}.ref`));
  return out;
}

/** Throws one ZooError naming the owner (recipe or trainer) and every bad field. */
export function assertPaperProblems(owner: string, problems: string[]): void {
  if (problems.length) throw new ZooError(`${owner}: bad paper reference: ${problems.join('; ')}`);
}
