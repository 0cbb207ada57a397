// ONNX Runtime timing of the same resnet-ish model, for comparison with
// `nndct run`: node ort_bench.js MODEL.onnx INPUT.npy THREADS RUNS [OUT.f32]
// Prints ms per inference; optionally writes the output as raw float32.
const fs = require('fs');
const ort = require('onnxruntime-node');

function readNpy(path) {
  const buf = fs.readFileSync(path);
  const headerLen = buf.readUInt16LE(8);
  const header = buf.toString('latin1', 10, 10 + headerLen);
  const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(',')
      .map((s) => s.trim()).filter((s) => s.length).map(Number);
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset + 10 + headerLen,
                                                 buf.byteOffset + buf.length));
  return {shape, data};
}

(async () => {
  const [model, input, threads, runs, out] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: Number(threads), interOpNumThreads: 1,
    graphOptimizationLevel: 'all', executionMode: 'sequential'});
  const x = readNpy(input);
  const feeds = {[session.inputNames[0]]: new ort.Tensor('float32', x.data, x.shape)};
  let result = await session.run(feeds); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < Number(runs); ++i) result = await session.run(feeds);
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / Number(runs);
  console.log(ms.toFixed(1));
  if (out) fs.writeFileSync(out, Buffer.from(result[session.outputNames[0]].data.buffer));
})().catch((e) => { console.error(e.message); process.exit(1); });
