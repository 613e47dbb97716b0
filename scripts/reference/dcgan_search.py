"""PyTorch port of the image lab's DCGAN (src/core/imagegan, the dcgan-mnist preset) for searching recipes
faster than the tfjs CLI can on a shared CPU; docs/image-gans.md cites its numbers as PyTorch numbers.

Faithful to the lab: G = dense -> 7x7x2C (NHWC order) -> BN -> ReLU -> transposed conv 4x4/2 -> 14x14xC -> BN ->
ReLU -> transposed conv 4x4/2 -> sigmoid; D = 2x - 1 -> conv 4x4/2 (C) -> leaky 0.2 -> conv 4x4/2 (2C) -> BN
(batch statistics, real and fake batches apart) -> leaky 0.2 -> dense -> 1; PyTorch default init (as
core/conv.ts and core/dense.ts); non-saturating loss; Adam (beta1 0.5, beta2 0.999, eps 1e-8) with the rate
times max(0, 1 - t / T); one D step (fresh z, G with batch statistics, running averages untouched) then one
G step (fresh z, running averages updated, momentum 0.1); samples from G with its running averages.
Not the lab's random streams (torch's own; an epoch's short last batch is skipped), so runs match the lab
in distribution, not step for step.
Scores 10,000 samples (2,000 at intermediate steps) with the project's own classifier read from
.cache/classifier (train it first: npm run classifier -- --json): MNIST score, class KL, mean confidence;
`batchstats` is the same G sampled with batch statistics. Writes the final samples as IDX3 to --out.
usage (from the repo root): /usr/bin/python3 scripts/reference/dcgan_search.py --tag base --steps 1500 [--lrD 2e-4] ...
"""
import argparse, gzip, json, math, os, struct, sys, time
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(1)
p = argparse.ArgumentParser()
p.add_argument('--steps', type=int, default=1500)
p.add_argument('--decay-steps', type=int, default=0)  # 0 = steps
p.add_argument('--C', type=int, default=16)
p.add_argument('--CD', type=int, default=0)  # D channels (0 = C)
p.add_argument('--k', type=int, default=4)
p.add_argument('--lrG', type=float, default=1e-3)
p.add_argument('--lrD', type=float, default=1e-3)
p.add_argument('--beta1', type=float, default=0.5)
p.add_argument('--batch', type=int, default=64)
p.add_argument('--nz', type=int, default=64)
p.add_argument('--hidden', type=int, default=0)  # extra dense hidden layer in G (BN+ReLU)
p.add_argument('--proj', type=int, default=0)  # channels of G's 7x7 layer (0 = 2C)
p.add_argument('--g3', type=int, default=0)  # G's 28x28 layer: up2 makes g3 maps (BN, ReLU), a 3x3 conv draws (the lab's fullResChannels)
p.add_argument('--zmix', type=int, default=0)  # > 0: noise from a fixed mixture of zmix Gaussian blobs (centres ~ N(0, I), sd zsig; GM-GAN)
p.add_argument('--zsig', type=float, default=0.5)
p.add_argument('--trunc', type=float, default=0.0)  # sample with every noise entry redrawn until |z| <= trunc (0 = off)
p.add_argument('--bnD', type=int, default=1)
p.add_argument('--smooth', type=float, default=1.0)  # real label for D (one-sided smoothing)
p.add_argument('--dropout', type=float, default=0.0)
p.add_argument('--ema', type=float, default=0.0)
p.add_argument('--loss', default='ns')
p.add_argument('--topk', type=float, default=1.0)  # < 1: G's loss keeps the top share of fakes by D's score, annealed from 1 to this over the run (Sinha et al. 2020)
p.add_argument('--r1', type=float, default=0.0)  # > 0: R1 penalty gamma/2 E|grad_x D(x_real)|^2 in D's loss
p.add_argument('--evalbn', default='running')  # running | batch
p.add_argument('--seed', type=int, default=1)
p.add_argument('--every', type=int, default=500)
p.add_argument('--n', type=int, default=10000)
p.add_argument('--out', default='')
p.add_argument('--tag', default='')
p.add_argument('--cls', default='cnn-32-64-128-v1-s1-n0-e7-b64-lr0.002')  # the scoring classifier's cache key (the lab's standard one)
a = p.parse_args()
torch.manual_seed(a.seed); np.random.seed(a.seed)
def idx(path):
    d = gzip.open(path).read()
    n = struct.unpack('>I', d[4:8])[0]
    return np.frombuffer(d, np.uint8, offset=16).reshape(n, 784)
X = torch.tensor(idx(os.path.join(ROOT, 'public/mnist/train-images-idx3-ubyte.gz')), dtype=torch.float32) / 255.0

class BN(nn.Module):
    def __init__(s, c):
        super().__init__(); s.g = nn.Parameter(torch.ones(c)); s.b = nn.Parameter(torch.zeros(c))
        s.register_buffer('rm', torch.zeros(c)); s.register_buffer('rv', torch.ones(c))
    def forward(s, x, mode):  # x [n, c, ...]; mode train|record|eval
        if mode == 'eval' and a.evalbn == 'running':
            return F.batch_norm(x, s.rm, s.rv, s.g, s.b, False, 0.0, 1e-5)
        if mode == 'record':
            return F.batch_norm(x, s.rm, s.rv, s.g, s.b, True, 0.1, 1e-5)
        return F.batch_norm(x, None, None, s.g, s.b, True, 0.0, 1e-5)

C = a.C; CD = a.CD or C; k = a.k; pad = (k - 1) // 2; opad = 1 if k % 2 == 1 else 0
P = a.proj or 2 * C
class G(nn.Module):
    def __init__(s):
        super().__init__()
        inp = a.nz
        if a.hidden:
            s.h = nn.Linear(a.nz, a.hidden); s.bnh = BN(a.hidden); inp = a.hidden
        s.fc = nn.Linear(inp, 49 * P); s.bn0 = BN(P)
        s.up1 = nn.ConvTranspose2d(P, C, k, 2, pad, opad); s.bn1 = BN(C)
        s.up2 = nn.ConvTranspose2d(C, a.g3 or 1, k, 2, pad, opad)
        if a.g3: s.bn2 = BN(a.g3); s.draw = nn.Conv2d(a.g3, 1, 3, 1, 1)
    def forward(s, z, mode):
        h = z
        if a.hidden: h = F.relu(s.bnh(s.h(h), mode))
        # lab reshapes to NHWC [n,7,7,P]; channel-last order of the dense output is a permutation only
        h = s.fc(h).view(-1, 7, 7, P).permute(0, 3, 1, 2)
        h = F.relu(s.bn0(h, mode))
        h = F.relu(s.bn1(s.up1(h), mode))
        h = s.up2(h)
        if a.g3: h = s.draw(F.relu(s.bn2(h, mode)))
        return torch.sigmoid(h).view(-1, 784)
class D(nn.Module):
    def __init__(s):
        super().__init__()
        s.c1 = nn.Conv2d(1, CD, k, 2, pad); s.c2 = nn.Conv2d(CD, 2 * CD, k, 2, pad)
        s.bn = BN(2 * CD) if a.bnD else None
        s.out = nn.Linear(49 * 2 * CD, 1)
    def forward(s, x):
        h = (x * 2 - 1).view(-1, 1, 28, 28)
        h = F.leaky_relu(s.c1(h), 0.2)
        if a.dropout: h = F.dropout(h, a.dropout, True)
        h = s.c2(h)
        if s.bn is not None: h = s.bn(h, 'train')
        h = F.leaky_relu(h, 0.2)
        if a.dropout: h = F.dropout(h, a.dropout, True)
        return s.out(h.permute(0, 2, 3, 1).reshape(h.shape[0], -1))
g = G(); d = D()
import copy
gema = copy.deepcopy(g) if a.ema > 0 else None
oG = torch.optim.Adam(g.parameters(), a.lrG, (a.beta1, 0.999), 1e-8)
oD = torch.optim.Adam(d.parameters(), a.lrD, (a.beta1, 0.999), 1e-8)
N = X.shape[0]; perm = torch.randperm(N); cur = 0
def real(n):
    global perm, cur
    if cur + n > N: perm = torch.randperm(N); cur = 0
    b = X[perm[cur:cur + n]]; cur += n; return b
def dl(r, f):
    if a.loss == 'hinge': return F.relu(1 - r).mean() + F.relu(1 + f).mean()
    return (a.smooth * F.softplus(-r) + (1 - a.smooth) * F.softplus(r)).mean() + F.softplus(f).mean()
def gl(f):
    if a.loss == 'hinge': return -f.mean()
    return F.softplus(-f).mean()

# scorer: the lab's classifier (cached weights) in torch
import base64, glob
cls = None
def load_cls():
    global cls
    fs = glob.glob(os.path.join(ROOT, f'.cache/classifier/{a.cls}.json'))
    if not fs: return None
    print(json.dumps({'classifier': fs[0].split('/')[-1]}), flush=True)
    w = json.load(open(fs[0]))
    vals = [torch.tensor(np.frombuffer(base64.b64decode(v), np.float32).copy()).view(*sh) for v, sh in zip(w['values'], w['shapes'])]
    cls = vals; return cls
def score(img):  # img uint8-rounded floats [n,784] in [0,1]
    if cls is None and load_cls() is None: return None
    W1, b1, W2, b2, W3, b3, W4, b4 = cls
    with torch.no_grad():
        h = img.view(-1, 1, 28, 28)
        h = F.relu(F.conv2d(h, W1.permute(3, 2, 0, 1), b1, 2, 1))
        h = F.relu(F.conv2d(h, W2.permute(3, 2, 0, 1), b2, 2, 1))
        h = F.relu(h.permute(0, 2, 3, 1).reshape(h.shape[0], -1) @ W3 + b3)
        pr = torch.softmax(h @ W4 + b4, 1).double()
    py = pr.mean(0)
    ms = math.exp((pr * (torch.log(pr + 1e-30) - torch.log(py + 1e-30))).sum(1).mean().item())
    hist = torch.bincount(pr.argmax(1), minlength=10).double()
    q = hist / hist.sum(); kl = float((q[q > 0] * torch.log(q[q > 0] * 10)).sum())
    return ms, kl, pr.max(1).values.mean().item(), hist.int().tolist()
ZM = torch.randn(a.zmix, a.nz, generator=torch.Generator().manual_seed(a.seed + 7)) if a.zmix else None
def noise(n, gen=None):
    if ZM is None: return torch.randn(n, a.nz, generator=gen)
    return ZM[torch.randint(0, a.zmix, (n,), generator=gen)] + a.zsig * torch.randn(n, a.nz, generator=gen)
zgen = torch.Generator().manual_seed(12345)
zfix = noise(a.n, zgen)
while a.trunc > 0 and (zfix.abs() > a.trunc).any():
    m = zfix.abs() > a.trunc
    zfix[m] = torch.randn(int(m.sum()), generator=zgen)
def samples(n, net=None, mode='eval'):
    net = net or (gema if gema is not None else g)
    with torch.no_grad():
        out = torch.cat([net(zfix[i:i + 1000], mode) for i in range(0, n, 1000)])
    return torch.round(out * 255) / 255
T = a.decay_steps or a.steps
t0 = time.time()
for step in range(a.steps):
    f = max(0.0, 1 - step / T)
    for o, lr in ((oG, a.lrG), (oD, a.lrD)):
        for pg in o.param_groups: pg['lr'] = lr * f
    xr = real(a.batch)
    with torch.no_grad(): xf = g(noise(a.batch), 'train')
    if a.r1 > 0:
        xr = xr.clone().requires_grad_(True); dr = d(xr)
        gr, = torch.autograd.grad(dr.sum(), xr, create_graph=True)
        lossD = dl(dr, d(xf)) + a.r1 / 2 * gr.pow(2).sum(1).mean()
    else:
        lossD = dl(d(xr), d(xf))
    oD.zero_grad(); lossD.backward(); oD.step()
    df = d(g(noise(a.batch), 'record'))
    if a.topk < 1:
        kk = max(1, int(round(a.batch * (1 - (1 - a.topk) * step / max(1, a.steps - 1)))))
        df = torch.topk(df.view(-1), kk).values
    lossG = gl(df)
    oG.zero_grad(); lossG.backward(); oG.step()
    if gema is not None:
        dec = min(a.ema, (1 + step) / (10 + step))
        with torch.no_grad():
            for pe, pm in zip(gema.parameters(), g.parameters()): pe.mul_(dec).add_(pm, alpha=1 - dec)
            for pe, pm in zip(gema.buffers(), g.buffers()): pe.mul_(dec).add_(pm, alpha=1 - dec)
    if (step + 1) % a.every == 0 or step + 1 == a.steps:
        last = step + 1 == a.steps
        s = score(samples(a.n if last else 2000))
        sb = score(samples(a.n if last else 2000, g, 'train'))
        print(json.dumps({'batchstats': round(sb[0], 3), 'kl_b': round(sb[1], 4),'tag': a.tag, 'step': step + 1, 'sec': round(time.time() - t0, 1), 'dloss': round(lossD.item(), 3), 'gloss': round(lossG.item(), 3),
                          'score': s and round(s[0], 3), 'kl': s and round(s[1], 4), 'conf': s and round(s[2], 3), 'hist': s and s[3] if last else None}), flush=True)
if a.out or a.tag:
    a.out = a.out or f'/tmp/dcgan-{a.tag}.idx'
    img = (samples(a.n) * 255).round().to(torch.uint8).numpy()
    with open(a.out, 'wb') as fh:
        fh.write(struct.pack('>IIII', 2051, a.n, 28, 28)); fh.write(img.tobytes())
