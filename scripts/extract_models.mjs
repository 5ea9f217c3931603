#!/usr/bin/env node
// Collects the .tflite models from MediaPipe's npm packages (called by scripts/fetch_models.sh).
//
//   node scripts/extract_models.mjs <node_modules/@mediapipe> <models dir>
//
// Each package ships some models as plain files and others inside <solution>_packed_assets.data,
// an emscripten file bundle whose table of contents (name, start, end) is the argument of the
// loadPackage({...}) call in <solution>_packed_assets_loader.js. Offsets are parsed from there,
// never hard-coded. Writes models/pose_detection.tflite, models/pose_landmark_{lite,full,heavy}.tflite
// and every other distinct .tflite (by sha256) into models/extra/, plus models/extra/README listing
// which models use custom ops (ops outside TFLite's builtin set, which no stock runtime resolves).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const kPoseModels = ['pose_detection', 'pose_landmark_lite', 'pose_landmark_full', 'pose_landmark_heavy'];
const kCustomBuiltinCode = 32;  // BuiltinOperator_CUSTOM in TFLite's schema

function fail(message) {
  process.stderr.write(`extract_models: ${message}\n`);
  process.exit(1);
}

function sha256(bytes) {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function isTflite(bytes) {
  return bytes.length >= 8 && bytes.toString('latin1', 4, 8) === 'TFL3';
}

// A few bounds-checked FlatBuffer reads: enough to list a model's operator codes.
function flatbufferReader(bytes) {
  const u32 = (pos) => {
    if (pos < 0 || pos + 4 > bytes.length) throw new Error(`offset ${pos} out of range`);
    return bytes.readUInt32LE(pos);
  };
  const field = (table, index) => {
    const vtable = table - bytes.readInt32LE(table);
    const vtableSize = bytes.readUInt16LE(vtable);
    const slot = 4 + 2 * index;
    if (slot >= vtableSize) return 0;
    const offset = bytes.readUInt16LE(vtable + slot);
    return offset === 0 ? 0 : table + offset;
  };
  const indirect = (pos) => pos + u32(pos);
  return {
    root: () => indirect(0),
    tables: (table, index) => {
      const pos = field(table, index);
      if (!pos) return [];
      const vector = indirect(pos);
      const count = u32(vector);
      return Array.from({length: count}, (_, i) => indirect(vector + 4 + 4 * i));
    },
    string: (table, index) => {
      const pos = field(table, index);
      if (!pos) return null;
      const start = indirect(pos);
      return bytes.toString('utf8', start + 4, start + 4 + u32(start));
    },
    int: (table, index, size) => {
      const pos = field(table, index);
      if (!pos) return 0;
      return size === 1 ? bytes.readInt8(pos) : bytes.readInt32LE(pos);
    },
  };
}

// Model.operator_codes is field 1; OperatorCode: deprecated_builtin_code (0, int8),
// custom_code (1, string), builtin_code (3, int32).
function customOps(bytes) {
  const fb = flatbufferReader(bytes);
  const names = new Set();
  for (const code of fb.tables(fb.root(), 1)) {
    const builtin = Math.max(fb.int(code, 0, 1), fb.int(code, 3, 4));
    if (builtin === kCustomBuiltinCode) names.add(fb.string(code, 1) ?? '(unnamed)');
  }
  return [...names].sort();
}

// Returns [{name, bytes, origin}] for every asset of one package.
function packageAssets(packageDir) {
  const pkg = path.basename(packageDir);
  const assets = [];
  for (const file of fs.readdirSync(packageDir).sort()) {
    const full = path.join(packageDir, file);
    if (file.endsWith('.tflite')) {
      assets.push({name: file, bytes: fs.readFileSync(full), origin: `${pkg}/${file}`});
    }
    if (!file.endsWith('_packed_assets_loader.js')) continue;
    const loader = fs.readFileSync(full, 'utf8');
    const call = /loadPackage\((\{"files":.*\})\);/.exec(loader);
    if (!call) fail(`${pkg}/${file}: no loadPackage({...}) table of contents`);
    const toc = JSON.parse(call[1]);
    const dataName = file.replace(/_loader\.js$/, '.data');
    const data = fs.readFileSync(path.join(packageDir, dataName));
    if (toc.remote_package_size !== data.length) {
      fail(`${pkg}/${dataName}: ${data.length} bytes, loader says ${toc.remote_package_size}`);
    }
    for (const entry of toc.files) {
      if (!(Number.isInteger(entry.start) && Number.isInteger(entry.end) && entry.start >= 0 &&
            entry.start <= entry.end && entry.end <= data.length)) {
        fail(`${pkg}/${dataName}: entry ${entry.filename} has bad range [${entry.start}, ${entry.end})`);
      }
      assets.push({name: path.basename(entry.filename), bytes: data.subarray(entry.start, entry.end),
        origin: `${pkg}/${dataName}:${entry.filename}`});
    }
  }
  return assets;
}

function writeIfChanged(file, bytes) {
  if (fs.existsSync(file) && fs.readFileSync(file).equals(bytes)) return;
  const temp = `${file}.tmp${process.pid}`;
  fs.writeFileSync(temp, bytes);
  fs.renameSync(temp, file);
}

function main() {
  const [mediapipeDir, modelsDir] = process.argv.slice(2);
  if (!mediapipeDir || !modelsDir) fail('usage: extract_models.mjs <node_modules/@mediapipe> <models dir>');
  const extraDir = path.join(modelsDir, 'extra');
  fs.mkdirSync(extraDir, {recursive: true});

  // The pose package first, so the pose models are recorded as coming from it (holistic has copies).
  const packages = fs.readdirSync(mediapipeDir).sort((a, b) => (b === 'pose') - (a === 'pose') || a.localeCompare(b));
  const assets = packages.flatMap((p) => packageAssets(path.join(mediapipeDir, p)));
  const seen = new Map();  // sha256 → output name
  const usedNames = new Set();
  const readme = [];
  // The four pose models go first so they keep their own names at the top level.
  const byPriority = (a) => (kPoseModels.includes(path.basename(a.name, '.tflite')) ? 0 : 1);
  assets.sort((a, b) => byPriority(a) - byPriority(b));
  for (const asset of assets) {
    if (!isTflite(asset.bytes)) continue;  // labels, .binarypb graph configs, handedness.txt
    const hash = sha256(asset.bytes);
    if (seen.has(hash)) continue;
    const stem = path.basename(asset.name, '.tflite');
    let relative;
    if (kPoseModels.includes(stem) && !usedNames.has(`${stem}.tflite`)) {
      relative = `${stem}.tflite`;
    } else {
      let name = asset.name;
      if (usedNames.has(`extra/${name}`)) name = `${asset.origin.split('/')[0]}_${name}`;
      relative = `extra/${name}`;
    }
    usedNames.add(relative);
    seen.set(hash, relative);
    writeIfChanged(path.join(modelsDir, relative), asset.bytes);
    let custom;
    try {
      custom = customOps(asset.bytes);
    } catch (e) {
      fail(`${asset.origin}: cannot read operator codes: ${e.message}`);
    }
    readme.push(`${relative.padEnd(58)} ${custom.length ? 'CUSTOM OPS: ' + custom.join(', ') : 'builtin ops only'}` +
        `\n    from ${asset.origin}`);
    process.stderr.write(`  ${relative}${custom.length ? `  (custom ops: ${custom.join(', ')})` : ''}\n`);
  }
  for (const stem of kPoseModels) {
    if (!usedNames.has(`${stem}.tflite`)) fail(`${stem}.tflite not found in ${mediapipeDir}`);
  }
  const text = '# Models extracted by scripts/fetch_models.sh from MediaPipe\'s npm packages.\n' +
      '# Models with custom ops need MediaPipe\'s own op implementations; stock TFLite/LiteRT\n' +
      '# cannot run them.\n\n' + readme.join('\n') + '\n';
  writeIfChanged(path.join(extraDir, 'README'), Buffer.from(text));
}

main();
