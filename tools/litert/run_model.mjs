#!/usr/bin/env node
// Runs a .tflite model in Google's LiteRT (npm @litertjs/core, wasm build, CPU) under Node and writes
// every output as .npy: EdgePose's reference runtime for tests and its benchmark baseline.
//
//   node tools/litert/run_model.mjs --model M.tflite --input in0.npy [--input in1.npy ...]
//        [--output-dir DIR] [--runs N] [--variant compat|simd]
//   node tools/litert/run_model.mjs --model M.tflite --synthetic-inputs --runs N   (benchmark baseline)
//   node tools/litert/run_model.mjs --model M.tflite --cases cases.json   (many inputs, one model load)
//
// Writes DIR/output_<i>.npy for each model output in model order and prints one JSON line on stdout:
//   {"model":..., "variant":..., "inputs":[{name,dtype,shape}], "outputs":[...],
//    "cases":N, "runs":N, "median_ms":..., "min_ms":..., "times_ms":[...]}
// (names, dtypes and shapes are the same for every case; each case writes its own output_dir).
// --synthetic-inputs fills every input with a fixed pseudo-random pattern (floats in [0, 1), integers
// over their range) instead of reading .npy files; --runs N times N invokes after one warm-up.
// Exit codes: 0 ok; 1 usage, I/O or input mismatch; 2 the model cannot be loaded or compiled;
// 3 LiteRT logged an ERROR (e.g. an op it cannot resolve: such a model silently returns garbage).
//
// Every tensor goes through LiteRT's low-level tensor buffers (createManaged on host memory, lock
// for raw bytes) rather than the public Tensor/CompiledModel classes: those accept only float32,
// int32 and uint8, and CompiledModel's constructor throws on a model whose I/O is int8 or int16.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import v8 from 'node:v8';
import {createRequire} from 'node:module';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';
import {performance} from 'node:perf_hooks';

import {readNpy, writeNpy} from './npy.mjs';

const kHere = path.dirname(fileURLToPath(import.meta.url));
const kExitUsage = 1;
const kExitBadModel = 2;
const kExitLiteRtError = 3;

// The wasm builds. Pin one when comparing numbers: compat has no fused multiply-add, so it differs
// from simd in the last bits. simd needs relaxed SIMD, which Node 20's V8 has only behind a flag
// (set below). Both builds are single-threaded: numThreads > 1 changes nothing (measured), so there
// is no --threads flag; the threaded build needs pthread workers this shim does not provide.
const kVariants = {
  compat: 'litert_wasm_compat_internal.js',
  simd: 'litert_wasm_internal.js',
};

// LiteRT ElementType (litert_model_types.h) ↔ .npy descr.
const kElementTypes = {
  1: {name: 'float32', descr: 'f4'},
  2: {name: 'int32', descr: 'i4'},
  3: {name: 'uint8', descr: 'u1'},
  4: {name: 'int64', descr: 'i8'},
  6: {name: 'bool', descr: 'b1'},
  7: {name: 'int16', descr: 'i2'},
  9: {name: 'int8', descr: 'i1'},
  10: {name: 'float16', descr: 'f2'},
};

class ExitError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function parseCli() {
  const {values} = parseArgs({
    options: {
      'model': {type: 'string'},
      'input': {type: 'string', multiple: true, default: []},
      'output-dir': {type: 'string'},
      'synthetic-inputs': {type: 'boolean', default: false},
      'cases': {type: 'string'},
      'runs': {type: 'string', default: '0'},
      'variant': {type: 'string', default: 'compat'},
      'help': {type: 'boolean', default: false},
    },
  });
  if (values.help) {
    process.stderr.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\nimport ')[0] + '\n');
    process.exit(0);
  }
  if (!values.model) throw new ExitError(kExitUsage, 'usage: --model is required');
  if (!(values.variant in kVariants)) {
    throw new ExitError(kExitUsage, `usage: --variant must be one of ${Object.keys(kVariants).join(', ')}`);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 0) throw new ExitError(kExitUsage, 'usage: --runs must be an integer >= 0');
  const inputModes = [values['synthetic-inputs'], values.input.length > 0, values.cases !== undefined];
  if (inputModes.filter(Boolean).length > 1) {
    throw new ExitError(kExitUsage, 'usage: use one of --input, --cases, --synthetic-inputs');
  }
  return {model: values.model, inputs: values.input, outputDir: values['output-dir'], runs,
    variant: values.variant, synthetic: values['synthetic-inputs'], casesFile: values.cases};
}

// LiteRT logs through console.*; keep stdout for our JSON line and remember ERROR lines.
const liteRtErrors = [];
function captureConsole() {
  const toStderr = (...args) => {
    const text = args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ');
    for (const line of text.split('\n')) {
      if (/(^|\s)ERROR:/.test(line)) liteRtErrors.push(line.trim());
    }
    if (process.env.EDGEPOSE_LITERT_VERBOSE) process.stderr.write(text + '\n');
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  console.error = toStderr;
}

function throwIfLiteRtLoggedErrors(stage) {
  if (liteRtErrors.length > 0) {
    throw new ExitError(kExitLiteRtError, `LiteRT logged errors while ${stage}: ${liteRtErrors.join(' | ')}`);
  }
}

// The package expects a browser (or a web worker); give it what it needs from one in Node.
async function loadLiteRtWasm(variant) {
  const corePackage = path.join(kHere, 'node_modules', '@litertjs', 'core');
  const wasmDir = path.join(corePackage, 'wasm');
  if (!fs.existsSync(wasmDir)) {
    throw new ExitError(kExitUsage, `${wasmDir}: missing; run scripts/setup_litert.sh`);
  }
  if (variant === 'simd') v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  globalThis.self = globalThis;
  globalThis.require = createRequire(path.join(wasmDir, 'loader.js'));
  globalThis.__dirname = wasmDir;
  globalThis.importScripts = (script) => {
    vm.runInThisContext(fs.readFileSync(script, 'utf8'), {filename: script});
  };
  const core = await import(pathToFileURL(path.join(corePackage, 'dist', 'index.js')).href);
  const liteRt = await core.loadLiteRt(path.join(wasmDir, kVariants[variant]));
  return liteRt;
}

function vectorToArray(vector) {
  const out = [];
  for (let i = 0; i < vector.size(); ++i) out.push(vector.get(i));
  vector.delete();
  return out;
}

function describeType(tensorType) {
  const elementType = tensorType.elementType().value;
  const layout = tensorType.layout();
  const shape = vectorToArray(layout.dimensions());
  layout.delete();
  const known = kElementTypes[elementType];
  return {elementType, dtype: known ? known.name : `element_type_${elementType}`,
    descr: known ? known.descr : null, shape, bytes: tensorType.bytes()};
}

function makeInputBuffer(wasm, env, tensorType, details, array, label) {
  const sameShape = array.shape.length === details.shape.length &&
      array.shape.every((d, i) => d === details.shape[i]);
  if (array.descr !== details.descr || !sameShape) {
    throw new ExitError(kExitUsage, `${label}: got ${array.descr} [${array.shape}], model input ` +
        `'${details.name}' is ${details.dtype} [${details.shape}]`);
  }
  if (array.data.length !== details.bytes) {
    throw new ExitError(kExitUsage, `${label}: ${array.data.length} bytes, model input needs ${details.bytes}`);
  }
  const buffer = wasm.LiteRtTensorBuffer.createManaged(env, wasm.LiteRtTensorBufferType.HOST_MEMORY, tensorType,
      details.bytes);
  const pointer = buffer.lock(wasm.LiteRtTensorBufferLockMode.WRITE);
  try {
    wasm.HEAPU8.set(array.data, pointer);  // HEAPU8 read after lock: memory may have grown
  } finally {
    buffer.unlock();
  }
  return buffer;
}

function readOutputBuffer(wasm, buffer) {
  if (buffer.size() !== buffer.packedSize() || buffer.offset() !== 0) {
    throw new Error('output tensor buffer has strides or padding');
  }
  const pointer = buffer.lock(wasm.LiteRtTensorBufferLockMode.READ);
  try {
    return wasm.HEAPU8.slice(pointer, pointer + buffer.packedSize());
  } finally {
    buffer.unlock();
  }
}

// A deterministic stand-in input (xorshift32), for timing models without real data.
function syntheticArray(details) {
  const data = Buffer.alloc(details.bytes);
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  if (details.descr === 'f4') {
    for (let i = 0; i < data.length / 4; ++i) data.writeFloatLE(next(), 4 * i);
  } else {
    for (let i = 0; i < data.length; ++i) data[i] = Math.floor(next() * 256);
  }
  return {descr: details.descr, shape: details.shape, data};
}

function readInput(file) {
  try {
    return readNpy(file);
  } catch (e) {
    throw new ExitError(kExitUsage, e.message);
  }
}

// --cases FILE: a JSON array of {"inputs": ["a.npy", ...], "output_dir": "DIR"}, run in one process
// so many inputs cost one model load.
function readCases(file) {
  let cases;
  try {
    cases = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ExitError(kExitUsage, `${file}: ${e.message}`);
  }
  const valid = Array.isArray(cases) && cases.length > 0 && cases.every((c) =>
    c && Array.isArray(c.inputs) && c.inputs.every((f) => typeof f === 'string') && typeof c.output_dir === 'string');
  if (!valid) throw new ExitError(kExitUsage, `${file}: expected [{"inputs": [...], "output_dir": "..."}, ...]`);
  return cases;
}

// Copies every output out of the wasm heap (into DIR/output_<i>.npy when DIR is set) and frees it.
async function invokeAndWrite(wasm, outputBuffers, outputNames, outputDir) {
  if (outputDir) fs.mkdirSync(outputDir, {recursive: true});
  const outputs = [];
  for (let i = 0; i < outputBuffers.length; ++i) {
    const tensorType = outputBuffers[i].tensorType();
    const details = describeType(tensorType);
    tensorType.delete();
    if (!details.descr) throw new Error(`output ${i}: unsupported element type ${details.dtype}`);
    const bytes = readOutputBuffer(wasm, outputBuffers[i]);
    if (outputDir) writeNpy(path.join(outputDir, `output_${i}.npy`), details.descr, details.shape, bytes);
    outputs.push({name: outputNames[i] ?? `output_${i}`, dtype: details.dtype, shape: details.shape});
    outputBuffers[i].delete();
  }
  return outputs;
}

function median(sorted) {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main() {
  const args = parseCli();
  captureConsole();
  let modelBytes;
  try {
    modelBytes = fs.readFileSync(args.model);
  } catch (e) {
    throw new ExitError(kExitUsage, `${args.model}: cannot read: ${e.code ?? e.message}`);
  }
  const cases = args.casesFile ? readCases(args.casesFile)
                                : [{inputs: args.inputs, output_dir: args.outputDir}];

  const liteRt = await loadLiteRtWasm(args.variant);
  const wasm = liteRt.liteRtWasm;
  const env = liteRt.getDefaultEnvironment().liteRtEnvironment;
  const modelName = path.basename(args.model);

  const modelPointer = wasm._malloc(modelBytes.length);
  wasm.HEAPU8.set(modelBytes, modelPointer);
  let model;
  let compiled;
  try {
    model = wasm.loadModel(env, modelPointer, modelBytes.length);
    if (!model || model.getNumSignatures() < 1) throw new Error('no signature');
    compiled = await wasm.compileModel(env, model, {
      environment: liteRt.getDefaultEnvironment(), accelerator: 'wasm',
      cpuOptions: {numThreads: 1}, gpuOptions: {}, webNNOptions: {},
    });
  } catch (e) {
    const detail = liteRtErrors.length ? liteRtErrors.join(' | ') : (e?.message ?? String(e));
    throw new ExitError(kExitBadModel, `${modelName}: LiteRT cannot load the model: ${detail}`);
  }
  throwIfLiteRtLoggedErrors(`compiling ${modelName}`);

  const signature = model.getSignature(0);
  const inputNames = vectorToArray(signature.inputNames());
  const outputNames = vectorToArray(signature.outputNames());
  signature.delete();

  const invoke = async (inputBuffers) => {
    const outputBuffers = await compiled.run(0, inputBuffers);
    throwIfLiteRtLoggedErrors(`running ${modelName}`);
    return outputBuffers;
  };

  // Each case: bind its inputs, invoke, write its outputs. The last case's inputs stay bound for timing.
  let inputs;
  let outputs;
  let inputBuffers = [];
  for (const [caseIndex, kase] of cases.entries()) {
    for (const buffer of inputBuffers) buffer.delete();
    if (!args.synthetic && kase.inputs.length !== inputNames.length) {
      throw new ExitError(kExitUsage, `${modelName}: model has ${inputNames.length} inputs, got ` +
          `${kase.inputs.length}${cases.length > 1 ? ` in case ${caseIndex}` : ' --input'}`);
    }
    inputBuffers = [];
    inputs = [];
    for (let i = 0; i < inputNames.length; ++i) {
      const tensorType = model.getInputTensorType(0, i);
      const details = {name: inputNames[i], ...describeType(tensorType)};
      const array = args.synthetic ? syntheticArray(details) : readInput(kase.inputs[i]);
      inputBuffers.push(makeInputBuffer(wasm, env, tensorType, details, array, kase.inputs[i] ?? `input ${i}`));
      tensorType.delete();
      inputs.push({name: details.name, dtype: details.dtype, shape: details.shape});
    }
    outputs = await invokeAndWrite(wasm, await invoke(inputBuffers), outputNames, kase.output_dir);
  }

  // Timing: the invoke above was the warm-up; time `runs` more.
  const times = [];
  for (let r = 0; r < args.runs; ++r) {
    const start = performance.now();
    const buffers = await invoke(inputBuffers);
    times.push(performance.now() - start);
    for (const buffer of buffers) buffer.delete();
  }
  const report = {model: modelName, variant: args.variant, inputs, outputs, cases: cases.length, runs: args.runs};
  if (times.length > 0) {
    const sorted = [...times].sort((a, b) => a - b);
    report.median_ms = median(sorted);
    report.min_ms = sorted[0];
    report.times_ms = times.map((t) => Math.round(t * 1000) / 1000);
  }
  for (const buffer of inputBuffers) buffer.delete();
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().then(() => process.exit(0), (e) => {
  const code = e instanceof ExitError ? e.code : kExitUsage;
  process.stderr.write(`run_model: ${e?.message ?? String(e)}\n`);
  process.exit(code);
});
