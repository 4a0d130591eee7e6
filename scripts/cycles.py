#!/usr/bin/env python3
"""No import cycles inside a crate (a step of `make test`).

Usage: python3 scripts/cycles.py <crate>/src ...

Nodes are modules (one per file); A -> B when A names a path in B
(`crate::b::..`, `super::b::..`, grouped `use crate::{b::..}`). Edges
between a module and its own ancestors or descendants are left out: a
parent declares and re-exports its children, and that is how Rust modules
are built, not a cycle. Every strongly connected component of what remains
is printed with its edges, and the exit status is 1 if there is one.
Code after `#[cfg(test)]` is not counted: tests may reach anywhere.
"""
import os, re, sys
from collections import defaultdict

def modules(src):
    mods = {}
    for root, _, files in os.walk(src):
        for f in files:
            if not f.endswith('.rs'): continue
            p = os.path.join(root, f)
            rel = os.path.relpath(p, src)[:-3].split(os.sep)
            if rel[-1] in ('mod', 'lib', 'main'): rel = rel[:-1]
            if 'bin' in rel[:1]: continue
            mods[tuple(rel)] = p
    return mods

def strip_tests(text):
    # Test modules sit at the end of a file: cut from the first marker.
    i = text.find('#[cfg(test)]')
    return text if i < 0 else text[:i]

def main(src):
    mods = modules(src)
    edges = defaultdict(set)
    for m, p in mods.items():
        text = strip_tests(open(p).read())
        text = re.sub(r'//.*', '', text)
        for mm in re.finditer(r'\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)', text):
            base = mm.group(1)
            segs = mm.group(2).split('::')[1:]
            if base == 'crate': start = ()
            else:
                start = m[:-1]
            while segs and segs[0] == 'super':
                start = start[:-1]; segs = segs[1:]
            path = start + tuple(segs)
            # longest module prefix
            target = None
            for k in range(len(path), -1, -1):
                if path[:k] in mods: target = path[:k]; break
            if target is None or target == m: continue
            # ignore ancestor/descendant relations
            if target[:len(m)] == m or m[:len(target)] == target: continue
            edges[m].add(target)
        # Grouped imports: use crate::{a::x, b::{y, z}};
        for g in re.finditer(r'use\s+(crate|super)::\{([^;]*)\};', text, re.S):
            base = () if g.group(1) == 'crate' else m[:-1]
            for part in re.split(r',\s*(?![^{]*\})', g.group(2)):
                segs = re.findall(r'[A-Za-z_][A-Za-z0-9_]*', part.split('{')[0])
                path = base + tuple(segs)
                for k in range(len(path), -1, -1):
                    if path[:k] in mods:
                        t = path[:k]
                        if t and t != m and not (t[:len(m)] == m or m[:len(t)] == t):
                            edges[m].add(t)
                        break
    # Tarjan
    index = {}; low = {}; stack = []; on = set(); sccs = []; c = [0]
    sys.setrecursionlimit(10000)
    def sc(v):
        index[v] = low[v] = c[0]; c[0] += 1; stack.append(v); on.add(v)
        for w in edges.get(v, ()):
            if w not in index: sc(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v: break
            if len(comp) > 1: sccs.append(comp)
    for v in list(mods):
        if v not in index: sc(v)
    for comp in sccs:
        names = sorted('::'.join(x) or 'crate' for x in comp)
        print(f'{src}: cycle of {len(comp)}:', ', '.join(names))
        cs = set(comp)
        for a in comp:
            for b in sorted(edges[a] & cs):
                print('   ', '::'.join(a), '->', '::'.join(b))
    return len(sccs)

n = sum(main(s) for s in sys.argv[1:])
sys.exit(1 if n else 0)
