#!/bin/sh
# Checks scripts/tools/convert-nsfwjs.py against TF.js on the same random images: converts the package
# (both cuts), runs the original model in TF.js (pure JavaScript CPU backend) and prints the
# largest difference of the pooled features. Run in an empty folder:
#   sh /path/to/arcmetric/scripts/check-nsfwjs.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ -d package ] || { npm pack nsfwjs@4.4.0 >/dev/null && tar xzf nsfwjs-4.4.0.tgz; }
[ -d node_modules/@tensorflow/tfjs ] || npm install --no-save @tensorflow/tfjs@4.22.0 >/dev/null
cp "$here/nsfwjs-features.js" .
/usr/bin/python3 "$here/convert-nsfwjs.py" package mnv2-full.pt
/usr/bin/python3 "$here/convert-nsfwjs.py" package mnv2-b10.pt --upto block_10
/usr/bin/python3 -c "
import json, numpy as np
x = np.random.default_rng(0).random((2, 224, 224, 3)).astype(np.float32)
json.dump({'data': x.flatten().tolist(), 'shape': list(x.shape)}, open('x.json', 'w'))"
node nsfwjs-features.js out_relu 2>/dev/null
node nsfwjs-features.js block_10_project_BN 2>/dev/null
/usr/bin/python3 -c "
import json, numpy as np, torch
x = np.array(json.load(open('x.json'))['data'], dtype=np.float32).reshape(2, 224, 224, 3)
x = torch.from_numpy(x).permute(0, 3, 1, 2)
mean = torch.tensor((0.485, 0.456, 0.406)).view(1, 3, 1, 1)
std = torch.tensor((0.229, 0.224, 0.225)).view(1, 3, 1, 1)
for f, layer in (('mnv2-full.pt', 'out_relu'), ('mnv2-b10.pt', 'block_10_project_BN')):
    m = torch.jit.load(f).eval()
    with torch.no_grad():
        y = m((x - mean) / std).numpy()
    ref = np.array(json.load(open('y_%s.json' % layer)), dtype=np.float32).reshape(y.shape)
    print('%s against TF.js %s: max |difference| %.2e (features up to %.2f)'
          % (f, layer, np.abs(y - ref).max(), np.abs(ref).max()))"
