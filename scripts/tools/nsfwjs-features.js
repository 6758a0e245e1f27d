// TF.js's own features of the nsfwjs MobileNetV2, to check scripts/tools/convert-nsfwjs.py against.
// Reads x.json ({data, shape}: NHWC images in [0, 1]), writes y_LAYER.json: the layer's output
// averaged over height and width. Needs `npm install --no-save @tensorflow/tfjs@4.22.0` and the
// unpacked package in ./package; scripts/tools/check-nsfwjs.sh runs it.
const tf = require('@tensorflow/tfjs');
const fs = require('fs');
const m = require('./package/dist/models/mobilenet_v2/model.min.js');
const w = require('./package/dist/models/mobilenet_v2/group1-shard1of1.min.js');
(async () => {
  const buf = Buffer.from(w, 'base64');
  const handler = { load: async () => ({ modelTopology: m.modelTopology, weightSpecs: m.weightsManifest[0].weights,
      weightData: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) }) };
  const model = await tf.loadLayersModel(handler);
  const layer = process.argv[2];
  const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output });
  const x = JSON.parse(fs.readFileSync('x.json'));
  const t = tf.tensor(x.data, x.shape);        // NHWC in [0,1]
  const y = sub.predict(t).mean([1, 2]);
  fs.writeFileSync('y_' + layer + '.json', JSON.stringify(Array.from(y.dataSync())));
  console.log('done', layer, y.shape);
})();
