#!/usr/bin/env node
// Compares two .npy arrays element by element (e.g. an EdgePose output against LiteRT's).
//
//   node tools/litert/compare_npy.mjs A.npy B.npy
//
// Prints one JSON line: {"shape":[...],"dtype":"f4","max_abs_diff":...,"mean_abs_diff":...,
// "max_abs_value":...}. Exit 1 when the arrays cannot be compared (dtype or shape differ).
import {readNpy} from './npy.mjs';

const kReaders = {
  f4: (d, i) => d.readFloatLE(4 * i), i1: (d, i) => d.readInt8(i), u1: (d, i) => d.readUInt8(i),
  i2: (d, i) => d.readInt16LE(2 * i), i4: (d, i) => d.readInt32LE(4 * i), b1: (d, i) => d.readUInt8(i),
};

function main() {
  const [pathA, pathB] = process.argv.slice(2);
  if (!pathA || !pathB) throw new Error('usage: compare_npy.mjs A.npy B.npy');
  const a = readNpy(pathA);
  const b = readNpy(pathB);
  if (a.descr !== b.descr || a.shape.join(',') !== b.shape.join(',')) {
    throw new Error(`${a.descr} [${a.shape}] vs ${b.descr} [${b.shape}]`);
  }
  const read = kReaders[a.descr];
  if (!read) throw new Error(`dtype ${a.descr} not supported`);
  const count = a.shape.reduce((x, y) => x * y, 1);
  let maxDiff = 0;
  let sumDiff = 0;
  let maxValue = 0;
  for (let i = 0; i < count; ++i) {
    const x = read(a.data, i);
    const y = read(b.data, i);
    const diff = Number.isNaN(x) || Number.isNaN(y) ? (Number.isNaN(x) && Number.isNaN(y) ? 0 : Infinity)
                                                     : Math.abs(x - y);
    maxDiff = Math.max(maxDiff, diff);
    sumDiff += diff;
    maxValue = Math.max(maxValue, Math.abs(y));
  }
  process.stdout.write(JSON.stringify({shape: a.shape, dtype: a.descr, max_abs_diff: maxDiff,
    mean_abs_diff: count ? sumDiff / count : 0, max_abs_value: maxValue}) + '\n');
}

try {
  main();
} catch (e) {
  process.stderr.write(`compare_npy: ${e.message}\n`);
  process.exit(1);
}
