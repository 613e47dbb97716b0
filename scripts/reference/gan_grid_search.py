"""PyTorch search for a sharp 5 x 5 grid GAN recipe (issue 7 item 4): the lab's grid (25 Gaussians, spacing 2,
sigma 0.05, fresh batches), its metric (2,500 samples; high quality = within 3 sigma of the nearest mode; a mode
is captured with >= 1 high-quality sample), PyTorch's nn.Linear initialisation as in the lab, and options the lab
lacks (batch norm in G with batch statistics, maxout D). PacGAN packing as the lab's packRows (m consecutive rows
side by side). Numbers from this script are PyTorch numbers, not the lab's (docs/gan-presets.md says which is which).
Config keys (JSON): seed, nz, pack, batch, steps, gd/gw/gact/gbn (G depth, width, activation, batch norm),
dd/dw/dact/maxout (D; maxout = pieces, 0 = off), lr or lrG/lrD, betas, decay ('linear' | 'none'),
loss ('ns' | 'wgangp' | 'mmd': G alone fitted by a multi-bandwidth MMD, no D), snap (with mmd: weight of a pull
toward the nearest true mode centre, a capacity check only), dsteps, lam, every (print), rec (record modes every N steps).
usage: python3 scripts/reference/gan_grid_search.py '{"name":"x","pack":4,"steps":8000}' [more configs]
(one JSON line per checkpoint: modes, hq (%), near05 (% within 0.5 of a mode), visited, s)
"""
import sys, json, time
import torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(1)

CENT = torch.tensor([[i * 2.0 - 4, j * 2.0 - 4] for i in range(5) for j in range(5)])
SIG = 0.05

def data(n, g):
    idx = torch.randint(0, 25, (n,), generator=g)
    return CENT[idx] + SIG * torch.randn(n, 2, generator=g)

def metric(x):
    d2 = ((x[:, None, :] - CENT[None]) ** 2).sum(-1)
    m, a = d2.min(1)
    hq = m <= (3 * SIG) ** 2
    counts = torch.bincount(a[hq], minlength=25)
    near = float((m <= 0.5 ** 2).float().mean())  # within 0.5 of a mode (a uniform blur over [-5, 5]^2: 19.6 %)
    return int((counts > 0).sum()), float(hq.float().mean()), counts, near

class Maxout(nn.Module):
    def __init__(s, i, o, k):
        super().__init__(); s.k = k; s.o = o; s.l = nn.Linear(i, o * k)
    def forward(s, x):
        return s.l(x).view(x.shape[0], s.o, s.k).max(-1).values

class BN(nn.Module):  # batch statistics always (no running averages), learnable scale and shift
    def __init__(s, n):
        super().__init__(); s.g = nn.Parameter(torch.ones(n)); s.b = nn.Parameter(torch.zeros(n))
    def forward(s, x):
        mu = x.mean(0); var = x.var(0, unbiased=False)
        return (x - mu) / torch.sqrt(var + 1e-5) * s.g + s.b

def act(name):
    return {'relu': nn.ReLU(), 'lrelu': nn.LeakyReLU(0.2), 'tanh': nn.Tanh()}[name]

def mlp(i, o, depth, width, a='relu', bn=False, maxout=0):
    L = []
    for d in range(depth):
        if maxout: L.append(Maxout(i, width, maxout))
        else:
            L.append(nn.Linear(i, width))
            if bn: L.append(BN(width))
            L.append(act(a))
        i = width
    L.append(nn.Linear(i, o))
    return nn.Sequential(*L)

def run(c):
    seed = c.get('seed', 1); torch.manual_seed(seed); g = torch.Generator().manual_seed(seed + 7)
    nz = c.get('nz', 2); m = c.get('pack', 1); B = c.get('batch', 256); T = c['steps']
    G = mlp(nz, 2, c.get('gd', 3), c.get('gw', 128), c.get('gact', 'relu'), c.get('gbn', False))
    D = mlp(2 * m, 1, c.get('dd', 3), c.get('dw', 128), c.get('dact', 'relu'), False, c.get('maxout', 0))
    lrG = c.get('lrG', c.get('lr', 1e-3)); lrD = c.get('lrD', c.get('lr', 1e-3))
    b = tuple(c.get('betas', [0.5, 0.999]))
    oG = torch.optim.Adam(G.parameters(), lrG, betas=b); oD = torch.optim.Adam(D.parameters(), lrD, betas=b)
    decay = c.get('decay', 'linear'); loss = c.get('loss', 'ns'); ks = c.get('dsteps', 1); lam = c.get('lam', 1.0)
    if loss == 'mmd': ks = 0
    every = c.get('every', 1000); t0 = time.time(); visited = set()
    K = c.get('zmix', 0)  # > 0: G's noise is a fixed mixture of K Gaussian blobs (means ~ N(0, I), sd zsig)
    ZM = torch.randn(K, nz, generator=g) if K else None
    def noise(n):
        if not K: return torch.randn(n, nz, generator=g)
        return ZM[torch.randint(0, K, (n,), generator=g)] + c.get('zsig', 0.02) * torch.randn(n, nz, generator=g)
    pk = lambda x: x.reshape(x.shape[0] // m, 2 * m)
    for t in range(T):
        f = (1 - t / T) if decay == 'linear' else 1.0
        for o, lr in ((oG, lrG), (oD, lrD)):
            for pg in o.param_groups: pg['lr'] = lr * f
        for _ in range(ks):
            r = data(B, g); z = noise(B)
            with torch.no_grad(): fk = G(z)
            out = D(torch.cat([pk(r), pk(fk)])); n = B // m; dr, df = out[:n], out[n:]
            if loss == 'ns':
                ld = F.softplus(-dr).mean() + F.softplus(df).mean()
            else:
                ld = df.mean() - dr.mean()
                if lam > 0:
                    e = torch.rand(n, 1, generator=g)
                    xi = (e * pk(r) + (1 - e) * pk(fk)).requires_grad_(True)
                    gr = torch.autograd.grad(D(xi).sum(), xi, create_graph=True)[0]
                    ld = ld + lam * ((gr.norm(dim=1) - 1) ** 2).mean()
            oD.zero_grad(); ld.backward(); oD.step()
        if loss == 'mmd':  # no D: G fitted by a multi-bandwidth MMD to a fresh data batch (a capacity check)
            x = G(noise(B)); y = data(B, g)
            k = lambda a, b: sum(torch.exp(-torch.cdist(a, b) ** 2 / (2 * h * h)) for h in (0.05, 0.1, 0.3, 1.0, 3.0))
            lg = k(x, x).mean() + k(y, y).mean() - 2 * k(x, y).mean()
            if c.get('snap', 0) > 0:  # capacity check only: pull each fake toward its nearest true mode centre
                lg = lg + c['snap'] * ((x[:, None, :] - CENT[None]) ** 2).sum(-1).min(1).values.mean()
            oG.zero_grad(); lg.backward(); oG.step()
        else:
            z = noise(B)
            df = D(pk(G(z)))
            lg = F.softplus(-df).mean() if loss == 'ns' else -df.mean()
            oG.zero_grad(); lg.backward(); oG.step()
        if (t + 1) % c.get("rec", 100) == 0 or t + 1 == T:
            with torch.no_grad():
                cap, hq, counts, near = metric(G(noise(2500)))
            visited |= set(torch.nonzero(counts).flatten().tolist())
            if (t + 1) % every == 0 or t + 1 == T:
                print(json.dumps({'name': c.get('name'), 'seed': seed, 'step': t + 1, 'modes': cap,
                                  'hq': round(hq * 100, 1), 'near05': round(near * 100, 1), 'visited': len(visited),
                                  's': round(time.time() - t0, 1)}), flush=True)

for a in sys.argv[1:]:
    cs = json.loads(a)
    for c in (cs if isinstance(cs, list) else [cs]):
        run(c)
