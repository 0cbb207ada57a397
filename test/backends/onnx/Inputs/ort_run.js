// ort_run.js - run an ONNX model in ONNX Runtime (onnxruntime-node) on .npy
// inputs, with every graph optimization disabled (so Q/DQ pairs execute as
// written), and write each output as <outdir>/<output name>.npy.
//
// usage: node ort_run.js NODE_MODULES MODEL.onnx OUTDIR [--per-sample]
//                        [--optimize] NAME=FILE.npy...
// --per-sample: each file holds N samples on dim 0; the model runs once per
// sample (dim 0 of 1) and the outputs are stacked on dim 0. --optimize:
// ORT's default graph optimizations (a deployment's view: Q/DQ fused into
// integer kernels). Only float32 little-endian C-order arrays are read and
// written.
'use strict';
const fs = require('fs');
const path = require('path');

function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${file}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const offset = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, offset);
  if (!/'descr':\s*'<f4'/.test(header)) throw new Error(`${file}: expected float32 (<f4), got ${header}`);
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${file}: Fortran order`);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)[1];
  const dims = shapeText.split(',').map(s => s.trim()).filter(s => s.length).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count);
  for (let i = 0; i < count; ++i) data[i] = buf.readFloatLE(offset + 4 * i);
  return { data, dims };
}

function writeNpy(file, data, dims) {
  const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1; head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.alloc(4 * data.length);
  for (let i = 0; i < data.length; ++i) body.writeFloatLE(data[i], 4 * i);
  fs.writeFileSync(file, Buffer.concat([head, Buffer.from(header, 'latin1'), body]));
}

async function main() {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter(a => a.startsWith('--')));
  const [nodeModules, model, outDir, ...inputs] = args.filter(a => !a.startsWith('--'));
  if (!nodeModules || !model || !outDir) {
    console.error('usage: node ort_run.js NODE_MODULES MODEL.onnx OUTDIR [--per-sample] ' +
                  '[--optimize] NAME=FILE.npy...');
    process.exit(2);
  }
  const ort = require(path.join(path.resolve(nodeModules), 'onnxruntime-node'));
  const session = await ort.InferenceSession.create(model, {
    graphOptimizationLevel: flags.has('--optimize') ? 'all' : 'disabled',
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
  });
  const arrays = inputs.map(arg => {
    const eq = arg.indexOf('=');
    return { name: arg.slice(0, eq), ...readNpy(arg.slice(eq + 1)) };
  });
  // One run of the whole files, or one per sample.
  const runs = flags.has('--per-sample') ? arrays[0].dims[0] : 1;
  const outputs = {};
  for (let r = 0; r < runs; ++r) {
    const feeds = {};
    for (const a of arrays) {
      if (runs === 1) {
        feeds[a.name] = new ort.Tensor('float32', a.data, a.dims);
        continue;
      }
      const per = a.data.length / a.dims[0];
      feeds[a.name] = new ort.Tensor('float32', a.data.slice(r * per, (r + 1) * per),
                                     [1, ...a.dims.slice(1)]);
    }
    const results = await session.run(feeds);
    for (const name of session.outputNames) {
      const t = results[name];
      // Integer outputs (indices) are checked by the tests against numpy.
      if (t.type === 'int64') {
        if (r === 0) console.error(`ort_run.js: output ${name}: int64, not written`);
        continue;
      }
      if (t.type !== 'float32') throw new Error(`output ${name}: type ${t.type}`);
      (outputs[name] = outputs[name] || []).push(t);
    }
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, parts] of Object.entries(outputs)) {
    const total = parts.reduce((n, t) => n + t.data.length, 0);
    const data = new Float32Array(total);
    let at = 0;
    for (const t of parts) { data.set(t.data, at); at += t.data.length; }
    const dims = runs === 1 ? parts[0].dims : [runs, ...parts[0].dims.slice(1)];
    writeNpy(path.join(outDir, `${name}.npy`), data, dims);
  }
}

main().catch(e => { console.error(`ort_run.js: ${e.message || e}`); process.exit(1); });
