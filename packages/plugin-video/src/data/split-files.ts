import { DataCorruptError } from '@zoo/core';
import { intField, type VideoRecord } from './annotation-list';

/**
 * Adapters from the split files the datasets ship (as MVFNet's `data_process/annotation/` and mmaction2's
 * `tools/data/*` read them) to `VideoRecord`s with 0-based labels; paths are relative to the dataset's videos
 * (or frames) folder, without an extension where the source has none.
 *   UCF-101 / HMDB-51  classInd.txt `1 ApplyEyeMakeup` (1-based), or category.txt (one class a line, 0-based
 *                       order); trainlist0N.txt `Class/v_x.avi 1` (label optional), testlist0N.txt `Class/v_x.avi`:
 *                       the class is the folder's; a label that disagrees with the folder is an error
 *   SSv2  something-something-v2-{train,validation}.json `[{id, label, template, placeholders}]` and
 *         -labels.json `{"Approaching something with your camera": "0", …}` (the template with its brackets removed
 *         is the key, as mmaction2's parse_sthv2_splits); test.json items have no template: label-less
 *   SSv1  something-something-v1-{train,validation}.csv `100218;Something falling like a feather or paper` and
 *         -labels.csv (one class a line, its line number − 1 is the id)
 *   Kinetics-400  kinetics_{train,val}.csv `label,youtube_id,time_start,time_end,split` (a header line; the
 *         test csv has no label column); clips are named `youtube_id_%06d_%06d` (start, end) as mmaction2's
 *         downloader names them; classes are the sorted label names
 */

/** classInd.txt (`index name`, 1-based) or category.txt (`name` a line): class name → 0-based id. */
export function parseClassIndex(text: string, file: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const f = raw.trim().split(/\s+/).filter(Boolean);
    if (f.length === 0) return;
    let name: string;
    let id: number;
    if (f.length === 2) {
      id = intField(f[0], 'class index', file, i + 1, 'index name') - 1;
      if (id < 0) throw new DataCorruptError(file, `line ${i + 1}: class index 0 (classInd.txt counts from 1)`);
      name = f[1];
    } else if (f.length === 1) {
      id = out.size;
      name = f[0];
    } else throw new DataCorruptError(file, `line ${i + 1}: ${f.length} fields, expected 'index name' (classInd.txt) or 'name' (category.txt)`);
    if (out.has(name)) throw new DataCorruptError(file, `line ${i + 1}: class '${name}' is listed twice`);
    if ([...out.values()].includes(id)) throw new DataCorruptError(file, `line ${i + 1}: class index ${id + 1} is given twice`);
    out.set(name, id);
  });
  if (out.size === 0) throw new DataCorruptError(file, 'no classes (expected lines `index name` or `name`)');
  const ids = [...out.values()].sort((a, b) => a - b);
  if (ids[ids.length - 1] !== ids.length - 1) throw new DataCorruptError(file, `class indices are not 1 to ${ids.length} (gaps in the numbering)`);
  return out;
}

/** trainlist/testlist of UCF-101 or HMDB-51: `Class/name.avi [label]`, label 1-based; the class folder decides. */
export function parseUcfSplit(text: string, file: string, classes: ReadonlyMap<string, number>, classFile = 'classInd.txt'): VideoRecord[] {
  const out: VideoRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    const f = raw.trim().split(/\s+/).filter(Boolean);
    if (f.length === 0) return;
    const expected = 'Class/video.avi [label]';
    if (f.length > 2) throw new DataCorruptError(file, `line ${i + 1}: ${f.length} fields, expected '${expected}'`);
    const folder = f[0].split('/')[0];
    const id = classes.get(folder);
    if (id === undefined || !f[0].includes('/')) throw new DataCorruptError(file, `line ${i + 1}: '${f[0].slice(0, 80)}' is not in a class folder of ${classFile} (expected '${expected}')`);
    if (f.length === 2) {
      const given = intField(f[1], 'label', file, i + 1, expected) - 1;
      if (given !== id) throw new DataCorruptError(file, `line ${i + 1}: label ${given + 1} but the folder '${folder}' is class ${id + 1} in ${classFile}`);
    }
    out.push({ path: f[0], labels: [id], where: `${file} line ${i + 1}` });
  });
  return out;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DataCorruptError(file, `not valid JSON: ${(err as Error).message}`);
  }
}

/** something-something-v2-labels.json: template (no brackets) → id. */
export function parseSthV2Labels(text: string, file: string): Map<string, number> {
  const j = parseJson(text, file);
  if (!j || typeof j !== 'object' || Array.isArray(j)) throw new DataCorruptError(file, 'expected an object {"template": "id", …}');
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(j as Record<string, unknown>)) {
    const id = typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : NaN;
    if (!Number.isInteger(id)) throw new DataCorruptError(file, `class '${k.slice(0, 60)}': id ${JSON.stringify(v)?.slice(0, 20)} is not a non-negative integer`);
    out.set(k, id);
  }
  return out;
}

/** An SSv2 split json; `labels` from parseSthV2Labels; records have path = id (a frame folder or `id.webm`). */
export function parseSthV2Split(text: string, file: string, labels?: ReadonlyMap<string, number>): VideoRecord[] {
  const j = parseJson(text, file);
  if (!Array.isArray(j)) throw new DataCorruptError(file, 'expected an array of {id, label, template, placeholders}');
  return j.map((item, i) => {
    const it = item as { id?: unknown; template?: unknown };
    if (!it || typeof it !== 'object' || (typeof it.id !== 'string' && typeof it.id !== 'number') || !/^\w{1,40}$/.test(String(it.id))) {
      throw new DataCorruptError(file, `item ${i}: no 'id' (expected {"id": "74225", "template": "…", …})`);
    }
    const rec: VideoRecord = { path: String(it.id), labels: [], where: `${file} item ${i}` };
    if (it.template !== undefined) {
      if (typeof it.template !== 'string') throw new DataCorruptError(file, `item ${i}: 'template' is not a string`);
      const key = it.template.replace(/[[\]]/g, '');
      const id = labels?.get(key);
      if (labels && id === undefined) throw new DataCorruptError(file, `item ${i}: template '${key.slice(0, 80)}' is not in the labels json`);
      if (id !== undefined) rec.labels.push(id);
    }
    return rec;
  });
}

/** something-something-v1-labels.csv: class name → its 0-based line. */
export function parseSthV1Labels(text: string, file: string): Map<string, number> {
  const out = new Map<string, number>();
  text.split('\n').forEach((raw, i) => {
    const name = raw.trim();
    if (!name) return;
    if (out.has(name)) throw new DataCorruptError(file, `line ${i + 1}: class '${name.slice(0, 80)}' is listed twice`);
    out.set(name, out.size);
  });
  return out;
}

/** something-something-v1-{train,validation}.csv `id;class name` (test.csv: `id` alone). */
export function parseSthV1Split(text: string, file: string, labels: ReadonlyMap<string, number>): VideoRecord[] {
  const out: VideoRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const [id, name, ...rest] = line.split(';');
    if (!/^\d{1,12}$/.test(id) || rest.length) throw new DataCorruptError(file, `line ${i + 1}: '${line.slice(0, 80)}', expected 'video_id;class name'`);
    const rec: VideoRecord = { path: id, labels: [], where: `${file} line ${i + 1}` };
    if (name !== undefined) {
      const k = labels.get(name.trim());
      if (k === undefined) throw new DataCorruptError(file, `line ${i + 1}: class '${name.slice(0, 80)}' is not in the labels csv`);
      rec.labels.push(k);
    }
    out.push(rec);
  });
  return out;
}

/** One CSV line's fields (double quotes group, `""` escapes a quote). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out;
}

export interface KineticsClip {
  youtubeId: string;
  start: number;
  end: number;
  className?: string;
}

/** A Kinetics CSV (header line naming the columns); rows with their class name when the csv has labels. */
export function parseKineticsCsv(text: string, file: string): KineticsClip[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const header = csvFields(lines[0] ?? '').map((s) => s.trim());
  const col = (n: string) => header.indexOf(n);
  const [iy, is, ie, il] = [col('youtube_id'), col('time_start'), col('time_end'), col('label')];
  if (iy < 0 || is < 0 || ie < 0) throw new DataCorruptError(file, `line 1: header '${(lines[0] ?? '').slice(0, 80)}', expected 'label,youtube_id,time_start,time_end,split'`);
  const out: KineticsClip[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const f = csvFields(lines[i]);
    if (f.length !== header.length) throw new DataCorruptError(file, `line ${i + 1}: ${f.length} fields, the header has ${header.length}`);
    const t = (j: number, what: string) => intField(f[j].trim().replace(/\.0+$/, ''), what, file, i + 1, header.join(','));
    const clip: KineticsClip = { youtubeId: f[iy].trim(), start: t(is, 'time_start'), end: t(ie, 'time_end') };
    if (!/^[\w-]{1,20}$/.test(clip.youtubeId)) throw new DataCorruptError(file, `line ${i + 1}: youtube_id '${clip.youtubeId.slice(0, 40)}' is not a YouTube id`);
    if (il >= 0) clip.className = f[il].trim();
    out.push(clip);
  }
  return out;
}

/** mmaction2's clip name `youtube_id_%06d_%06d`. */
export function kineticsClipName(c: KineticsClip): string {
  return `${c.youtubeId}_${String(c.start).padStart(6, '0')}_${String(c.end).padStart(6, '0')}`;
}

/** The class ids of a Kinetics training csv: its sorted distinct label names. */
export function kineticsClasses(clips: readonly KineticsClip[]): Map<string, number> {
  const names = [...new Set(clips.map((c) => c.className).filter((n): n is string => n !== undefined))].sort();
  return new Map(names.map((n, i) => [n, i]));
}

/** Kinetics rows as records `class/clip-name` (the class folder with spaces as underscores, as mmaction2 stores them). */
export function kineticsRecords(clips: readonly KineticsClip[], classes: ReadonlyMap<string, number>, file: string, ext = '.mp4'): VideoRecord[] {
  return clips.map((c, i) => {
    const k = c.className === undefined ? undefined : classes.get(c.className);
    if (c.className !== undefined && k === undefined) throw new DataCorruptError(file, `row ${i + 1}: class '${c.className.slice(0, 60)}' is not a class of the training csv`);
    const folder = c.className === undefined ? '' : `${c.className.replace(/ /g, '_')}/`;
    return { path: `${folder}${kineticsClipName(c)}${ext}`, labels: k === undefined ? [] : [k], where: `${file} row ${i + 1}` };
  });
}
