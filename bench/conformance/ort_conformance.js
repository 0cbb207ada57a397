// ort_conformance.js - runs the ONNX node-suite cases prepared by
// ort_conformance.py in ONNX Runtime (onnxruntime-node), one session per
// case, and writes each output as raw little-endian bytes plus a JSON
// description, for the Python side to compare with the expected outputs.
//
// usage: node ort_conformance.js NODE_MODULES MANIFEST.json
// Prints one line per data set: OK <id> | UNSUPPORTED <id> <msg> |
// FAILED <id> <msg>.
'use strict';
const fs = require('fs');
const path = require('path');

// ONNX dtype name (numpy's) -> [ORT tensor type, typed array constructor].
const TYPES = {
  float32: ['float32', Float32Array], float64: ['float64', Float64Array],
  int8: ['int8', Int8Array], uint8: ['uint8', Uint8Array],
  int16: ['int16', Int16Array], uint16: ['uint16', Uint16Array],
  int32: ['int32', Int32Array], uint32: ['uint32', Uint32Array],
  int64: ['int64', BigInt64Array], uint64: ['uint64', BigUint64Array],
  bool: ['bool', Uint8Array], float16: ['float16', Uint16Array],
};

function readTensor(ort, t) {
  if (t.dtype === 'string')
    return new ort.Tensor('string', JSON.parse(fs.readFileSync(t.file, 'utf8')), t.dims);
  const entry = TYPES[t.dtype];
  if (!entry) throw new Error(`input dtype ${t.dtype} not handled by this harness`);
  const buf = fs.readFileSync(t.file);
  const bytes = new Uint8Array(buf.byteLength);
  bytes.set(buf);
  const data = new entry[1](bytes.buffer, 0, buf.byteLength / entry[1].BYTES_PER_ELEMENT);
  return new ort.Tensor(entry[0], data, t.dims);
}

function writeTensor(file, tensor) {
  const desc = { dtype: tensor.type, dims: Array.from(tensor.dims) };
  if (tensor.type === 'string') {
    fs.writeFileSync(file, JSON.stringify(Array.from(tensor.data)));
  } else {
    const d = tensor.data;
    fs.writeFileSync(file, Buffer.from(d.buffer, d.byteOffset, d.byteLength));
  }
  fs.writeFileSync(file + '.json', JSON.stringify(desc));
}

function oneLine(msg) {
  return String(msg).split('\n')[0].slice(0, 200);
}

async function main() {
  const [nodeModules, manifestPath] = process.argv.slice(2);
  const ort = require(path.join(path.resolve(nodeModules), 'onnxruntime-node'));
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  for (const c of manifest) {
    let session;
    try {
      session = await ort.InferenceSession.create(c.model, {
        executionProviders: ['cpu'], intraOpNumThreads: 1,
      });
    } catch (e) {
      for (const ds of c.datasets) console.log(`UNSUPPORTED ${ds.id} ${oneLine(e.message)}`);
      continue;
    }
    for (const ds of c.datasets) {
      try {
        const feeds = {};
        for (const t of ds.inputs) feeds[t.name] = readTensor(ort, t);
        const results = await session.run(feeds);
        fs.mkdirSync(ds.outdir, { recursive: true });
        session.outputNames.forEach((name, k) =>
          writeTensor(path.join(ds.outdir, `output_${k}.raw`), results[name]));
        console.log(`OK ${ds.id}`);
      } catch (e) {
        console.log(`FAILED ${ds.id} ${oneLine(e.message)}`);
      }
    }
    if (session.release) await session.release();
  }
}

main().catch(e => { console.error(e); process.exit(1); });
