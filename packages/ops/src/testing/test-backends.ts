/**
 * For this package's tests: registers tfjs's cpu and wasm backends and this package's kernels, and
 * starts on ZOO_TEST_BACKEND (default cpu) so the plain tests run there too.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { ready, setBackend } from '@tensorflow/tfjs-core';
import '../index';

export async function useTestBackend(): Promise<string> {
  const name = process.env.ZOO_TEST_BACKEND === 'wasm' ? 'wasm' : 'cpu';
  await setBackend(name);
  await ready();
  return name;
}

/** A deterministic SeedSource (mulberry32 of its own), as core's Rng is one. */
export function testSeeds(seed: number): { next(): number; nextSeed(): number } {
  let s = seed | 0;
  const next = () => {
    let t = (s = (s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, nextSeed: () => Math.floor(next() * 4294967296) | 0 };
}
