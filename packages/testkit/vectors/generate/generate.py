"""Regenerate the golden vectors with real Celery, or check that the committed ones still come out.

    /usr/bin/python3 generate.py --check            regenerate in memory and compare with the committed files
    /usr/bin/python3 generate.py --check-expect     recompute `expect` of every committed message file
    /usr/bin/python3 generate.py --out DIR          write the vectors under DIR (default: beside this folder)
    --only messages/sqs/5.2.6,...                    restrict to some parts (see parts())
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import proj_loader  # noqa: E402
import shown_paths  # noqa: E402

proj_loader.install()
shown_paths.install()

import pinning  # noqa: E402

pinning.install()

import celery  # noqa: E402


def parts():
    """The parts this Celery version reproduces, each a function returning {case: vector}."""
    import azure_queue_messages
    import results
    import sqs_messages

    version = celery.__version__
    made = {
        f'results/dynamodb/{version}': lambda: results.generate(version, 'dynamodb'),
        f'results/azureblockblob/{version}': lambda: results.generate(version, 'azureblockblob'),
    }
    made[f'messages/sqs/{version}'] = lambda: sqs_messages.generate(version)
    made[f'messages/azure-queue/{version}'] = lambda: azure_queue_messages.generate(version)
    if tuple(int(p) for p in version.split('.')[:2]) >= (5, 5):
        import pubsub_messages

        made[f'messages/pubsub/{version}'] = lambda: pubsub_messages.generate(version)
        made[f'results/gcs/{version}'] = lambda: results.generate(version, 'gcs')
    return made


def write(out_dir, part, vectors):
    folder = os.path.join(out_dir, part)
    os.makedirs(folder, exist_ok=True)
    for case, data in vectors.items():
        with open(os.path.join(folder, f'{case}.json'), 'w', encoding='utf-8') as f:
            f.write(json.dumps(data, indent=1, ensure_ascii=False) + '\n')


def compare(part, vectors):
    """One line per file; True when every regenerated file equals the committed one as a JSON value."""
    ok = True
    committed_dir = os.path.join(VECTORS, part)
    names = set(vectors) | {n[:-5] for n in os.listdir(committed_dir) if n.endswith('.json')}
    for case in sorted(names):
        path = os.path.join(committed_dir, f'{case}.json')
        if case not in vectors:
            print(f'missing   {part}/{case}.json (not regenerated)')
            ok = False
            continue
        if not os.path.exists(path):
            print(f'extra     {part}/{case}.json (not committed)')
            ok = False
            continue
        with open(path, encoding='utf-8') as f:
            committed = json.load(f)
        regenerated = json.loads(json.dumps(vectors[case]))
        same = committed == regenerated
        print(f'{"match" if same else "MISMATCH":9} {part}/{case}.json')
        if not same:
            ok = False
            for key in committed:
                if committed.get(key) != regenerated.get(key):
                    print(f'          {key}: committed {json.dumps(committed.get(key))[:300]}')
                    print(f'          {" " * len(key)}  now       {json.dumps(regenerated.get(key))[:300]}')
    return ok


def check_expect():
    """Every committed message file's `expect`, recomputed from its `raw` with plain decoders."""
    import glob

    from expect import expect_of

    ok = True
    for path in sorted(glob.glob(os.path.join(VECTORS, 'messages', '*', '*', '*.json'))):
        with open(path, encoding='utf-8') as f:
            vector = json.load(f)
        same = expect_of(vector['transport'], vector['raw']) == vector['expect']
        print(f'{"match" if same else "MISMATCH":9} {os.path.relpath(path, VECTORS)} (expect)')
        ok = ok and same
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--check', action='store_true')
    parser.add_argument('--check-expect', action='store_true')
    parser.add_argument('--out', default=VECTORS)
    parser.add_argument('--only', default='')
    args = parser.parse_args()
    if args.check_expect:
        sys.exit(0 if check_expect() else 1)
    wanted = [p for p in args.only.split(',') if p]
    available = parts()
    unknown = [p for p in wanted if p not in available]
    if unknown:
        print(f'not available with Celery {celery.__version__}: {", ".join(unknown)}')
        sys.exit(2)
    selected = {p: make for p, make in available.items() if not wanted or p in wanted}
    if not args.check:
        for part, make in selected.items():
            write(args.out, part, make())
        return
    ok = True
    for part, make in selected.items():
        ok = compare(part, make()) and ok
    print('all regenerated files match' if ok else 'some regenerated files differ')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
