"""Recording overhead and trace size (docs/record.md, "Cost").

usage: PYTHONPATH=python python3 bench/record/overhead.py PYTHON [PROGRAM ...]

For each fixture program: CPU time (user + sys of the child) of a plain run
and of a recorded run, best of 2 each, interleaved; the slowdown factor; the
trace's size per million counter increments, as NDJSON and gzip'd.
Stdlib only; prints one JSON line per program.
"""
import gzip
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROGRAMS = os.path.join(ROOT, 'fixtures', 'programs')


def cpu_of(argv, env):
    before = os.times()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def increments(path):
    n = items = 0
    with open(path) as f:
        for line in f:
            ev = json.loads(line)
            if ev.get('op') == 'path':
                items += len(ev['d'])
                n += sum(d for d in ev['d'] if d > 0)
    return n, items


def main():
    python = sys.argv[1]
    names = sys.argv[2:] or ['seed_12_4.py', 'steady_cycles.py', 'long_lived_service.py']
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, 'python'))
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            script = os.path.join(PROGRAMS, name)
            out = os.path.join(tmp, name + '.ndjson')
            plain, rec = [], []
            for _ in range(2):
                plain.append(cpu_of([python, script], env))
                rec.append(cpu_of([python, '-m', 'gcdiag_capture.record', '--out', out, '--', script], env))
            size = os.path.getsize(out)
            with open(out, 'rb') as f:
                gz = len(gzip.compress(f.read(), 6))
            inc, items = increments(out)
            with open(out) as f:
                head = json.loads(f.readline())
                for line in f:
                    pass
            end = json.loads(line)
            recorded = [end['stats'][g][0] - head['stats'][g][0] for g in range(3)]
            probe = ('import gc, runpy, sys, json; sys.argv = [%r]; sys.path[0] = %r; b = [s["collections"] for s in gc.get_stats()]; '
                     'runpy.run_path(%r, run_name="__main__"); print(json.dumps([s["collections"] - x for s, x in zip(gc.get_stats(), b)]))'
                     % (script, os.path.dirname(script), script))
            unrecorded = json.loads(subprocess.check_output([python, '-c', probe], env=env, text=True).strip().splitlines()[-1])
            per_m = 1e6 / max(1, inc)
            print(json.dumps({
                'python': subprocess.check_output([python, '-c', 'import platform; print(platform.python_version())'], text=True).strip(),
                'program': name, 'plain_cpu_s': round(min(plain), 3), 'recorded_cpu_s': round(min(rec), 3),
                'slowdown': round(min(rec) / min(plain), 2), 'increments': inc, 'path_items': items,
                'ndjson_bytes': size, 'gz_bytes': gz, 'collections_recorded': recorded, 'collections_unrecorded': unrecorded,
                'ndjson_mb_per_m_increments': round(size * per_m / 1e6, 2), 'gz_kb_per_m_increments': round(gz * per_m / 1e3, 1),
            }), flush=True)


if __name__ == '__main__':
    main()
