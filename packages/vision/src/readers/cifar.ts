import { DataCorruptError, DataMissingError, readDataFile, statData } from '@zoo/core';

/**
 * The CIFAR binary format (Krizhevsky 2009): records of label byte(s) then 3072 pixel bytes, channel
 * planes R, G, B of 32×32 row-major. CIFAR-10: 1 label byte; CIFAR-100: coarse then fine label (the
 * fine one is used). Returns NHWC images in [0, 1]. The record count comes from the file's size
 * (checked before it is read: a size that is not a whole number of records is refused at the offset
 * where the last whole record ends).
 */
export class CifarError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** The number of records in `bytes` bytes of CIFAR-`classes` data; a CifarError when not a whole positive number. */
export function cifarRecordCount(bytes: number, classes: 10 | 100): number {
  const rec = (classes === 10 ? 1 : 2) + 3072;
  if (bytes === 0 || bytes % rec !== 0) {
    throw new CifarError(`${bytes} bytes is not a whole number of ${rec}-byte CIFAR-${classes} records (truncated or the other CIFAR variant?)`, bytes - (bytes % rec));
  }
  return bytes / rec;
}

export function readCifarBinary(buf: Uint8Array, classes: 10 | 100): { images: Float32Array; labels: Int32Array } {
  const labelBytes = classes === 10 ? 1 : 2;
  const rec = labelBytes + 3072;
  const n = cifarRecordCount(buf.length, classes);
  const images = new Float32Array(n * 3072);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * rec;
    const label = buf[o + labelBytes - 1];
    if (label >= classes) throw new CifarError(`record ${i}: label ${label} is not below ${classes}`, o + labelBytes - 1);
    labels[i] = label;
    const px = o + labelBytes;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) images[i * 3072 + p * 3 + c] = buf[px + c * 1024 + p] / 255;
  }
  return { images, labels };
}

/**
 * One CIFAR binary file; a missing file is a DataMissingError (with `layout`), a folder or unreadable
 * file a DataReadError, a damaged one a DataCorruptError at the byte offset.
 */
export function readCifarFile(file: string, classes: 10 | 100, layout: string): { images: Float32Array; labels: Int32Array } {
  const st = statData(file);
  if (!st) throw new DataMissingError(file, layout);
  try {
    if (st.isFile()) cifarRecordCount(st.size, classes);
    return readCifarBinary(readDataFile(file), classes);
  } catch (err) {
    if (err instanceof CifarError) throw new DataCorruptError(file, err.message, err.offset);
    throw err;
  }
}
