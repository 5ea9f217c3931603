// Minimal .npy (NumPy format v1.0/2.0/3.0) reader and v1.0 writer: little-endian, C order.
// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
import fs from 'node:fs';

const kMagic = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);  // "\x93NUMPY"

// descr (without byte-order char) → element size in bytes.
export const kNpyElementBytes = {f4: 4, f2: 2, f8: 8, i1: 1, u1: 1, i2: 2, u2: 2, i4: 4, i8: 8, b1: 1};

function parseHeaderDict(text, path) {
  const descr = /'descr'\s*:\s*'([<>|=])([a-z]\d+)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) throw new Error(`${path}: malformed .npy header: ${text.trim()}`);
  if (descr[1] === '>' && kNpyElementBytes[descr[2]] > 1) {
    throw new Error(`${path}: big-endian .npy arrays are not supported`);
  }
  if (!(descr[2] in kNpyElementBytes)) throw new Error(`${path}: unsupported .npy dtype ${descr[2]}`);
  if (fortran[1] === 'True') throw new Error(`${path}: Fortran-order .npy arrays are not supported`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    if (!/^\d+$/.test(s)) throw new Error(`${path}: bad .npy shape entry '${s}'`);
    return Number(s);
  });
  return {descr: descr[2], shape: dims};
}

// Returns {descr: 'f4' | 'i1' | ..., shape: number[], data: Buffer (exactly the array bytes)}.
export function readNpy(path) {
  const bytes = fs.readFileSync(path);
  if (bytes.length < 10 || !bytes.subarray(0, 6).equals(kMagic)) throw new Error(`${path}: not a .npy file`);
  const major = bytes[6];
  let headerLength;
  let headerStart;
  if (major === 1) {
    headerLength = bytes.readUInt16LE(8);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new Error(`${path}: truncated .npy header`);
    headerLength = bytes.readUInt32LE(8);
    headerStart = 12;
  } else {
    throw new Error(`${path}: unsupported .npy version ${major}`);
  }
  if (headerStart + headerLength > bytes.length) throw new Error(`${path}: truncated .npy header`);
  const header = parseHeaderDict(bytes.subarray(headerStart, headerStart + headerLength).toString('latin1'), path);
  const count = header.shape.reduce((a, b) => a * b, 1);
  const expected = count * kNpyElementBytes[header.descr];
  const data = bytes.subarray(headerStart + headerLength);
  if (data.length !== expected) {
    throw new Error(`${path}: .npy data has ${data.length} bytes, shape [${header.shape}] needs ${expected}`);
  }
  return {...header, data};
}

// Writes a v1.0 .npy file; data is a Buffer/Uint8Array holding the little-endian elements.
export function writeNpy(path, descr, shape, data) {
  const byteOrder = kNpyElementBytes[descr] === 1 ? '|' : '<';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${byteOrder}${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // The spec pads the header with spaces and a final newline so the data starts 64-byte aligned.
  const unpadded = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  kMagic.copy(prefix, 0);
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(dict.length, 8);
  const temp = `${path}.tmp${process.pid}`;
  fs.writeFileSync(temp, Buffer.concat([prefix, Buffer.from(dict, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
  fs.renameSync(temp, path);
}
