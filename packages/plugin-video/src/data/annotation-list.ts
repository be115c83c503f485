import { DataCorruptError, readDataText } from '@zoo/core';

/**
 * mmaction2's annotation lists (RawframeDataset / VideoDataset `ann_file`), one video a line, fields split by
 * whitespace:
 *   rawframes  `frame_dir total_frames label [label …]`
 *   rawframes, `withOffset`  `frame_dir offset total_frames label [label …]` (offset = index of the first frame file)
 *   videos     `path label [label …]`
 * More than one label only with `multiLabel` (mmaction2's `multi_class`). Blank lines are skipped; every other
 * line must parse: a short line, a non-integer field, a label outside [0, numClasses) is an error naming the
 * file and the line, with the line's expected form.
 */
export interface VideoRecord {
  /** frame folder (rawframes) or video file (videos), relative to the dataset's root */
  path: string;
  /** the frame count the list declares (rawframes); undefined for video lists (probed when read) */
  totalFrames?: number;
  /** the number in the first frame file's name (mmaction2's `start_index`; 1 unless the list has an offset column) */
  offset?: number;
  /** class ids, one unless multi-label */
  labels: number[];
  /** where the record came from, `file line n` (named in read errors) */
  where: string;
}

export interface AnnotationListOptions {
  kind: 'rawframes' | 'video';
  /** refuse labels ≥ numClasses */
  numClasses?: number;
  /** rawframes with an offset column (`frame_dir offset total_frames label …`) */
  withOffset?: boolean;
  /** allow several labels a line */
  multiLabel?: boolean;
}

/** The form of a line, for error messages. */
export function expectedLine(opts: AnnotationListOptions): string {
  const labels = opts.multiLabel ? 'label [label …]' : 'label';
  if (opts.kind === 'video') return `path ${labels}`;
  return opts.withOffset ? `frame_dir offset total_frames ${labels}` : `frame_dir total_frames ${labels}`;
}

/** A non-negative integer field of `file` line `line` (decimal digits only), or an error naming both. */
export function intField(s: string, what: string, file: string, line: number, expected: string): number {
  const v = /^\d{1,15}$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(v)) throw new DataCorruptError(file, `line ${line}: ${what} '${s.slice(0, 40)}' is not a non-negative integer (expected '${expected}')`);
  return v;
}

/** A class id, checked against `numClasses` when given. */
export function labelField(s: string, file: string, line: number, expected: string, numClasses?: number): number {
  const v = intField(s, 'label', file, line, expected);
  if (numClasses !== undefined && v >= numClasses) throw new DataCorruptError(file, `line ${line}: label ${v} is out of range (the dataset has ${numClasses} classes, 0 to ${numClasses - 1})`);
  return v;
}

/** Parses the text of an annotation list (`file` names it in errors). */
export function parseAnnotationList(text: string, file: string, opts: AnnotationListOptions): VideoRecord[] {
  const expected = expectedLine(opts);
  const before = opts.kind === 'video' ? 1 : opts.withOffset ? 3 : 2;
  const out: VideoRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const f = lines[i].trim().split(/\s+/).filter((s) => s.length > 0);
    if (f.length === 0) continue;
    if (f.length < before + 1) throw new DataCorruptError(file, `line ${lineNo}: ${f.length} field${f.length === 1 ? '' : 's'}, expected '${expected}'`);
    const nLabels = f.length - before;
    if (nLabels > 1 && !opts.multiLabel) throw new DataCorruptError(file, `line ${lineNo}: ${f.length} fields, expected '${expected}' (a path with spaces, or a multi-label list read as single-label?)`);
    const rec: VideoRecord = { path: f[0], labels: [], where: `${file} line ${lineNo}` };
    if (opts.kind === 'rawframes') {
      if (opts.withOffset) rec.offset = intField(f[1], 'offset', file, lineNo, expected);
      rec.totalFrames = intField(f[before - 1], 'total_frames', file, lineNo, expected);
      if (rec.totalFrames < 1) throw new DataCorruptError(file, `line ${lineNo}: total_frames is 0 (a video without frames cannot be sampled)`);
    }
    for (let j = before; j < f.length; j++) rec.labels.push(labelField(f[j], file, lineNo, expected, opts.numClasses));
    out.push(rec);
  }
  return out;
}

/** Reads and parses an annotation list file (OS errors name the file). */
export function readAnnotationList(file: string, opts: AnnotationListOptions): VideoRecord[] {
  return parseAnnotationList(readDataText(file), file, opts);
}
