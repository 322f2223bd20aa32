#!/usr/bin/python3
"""Compares two drive_client.py outputs call by call.

  python3 compare.py real.jsonl mock.jsonl

Compared per call: every field but "call" and "note" (status, error, result, ids, exit). "ids"
is compared as a multiset: which of the driver's own objects a list returned; their order is
compared through result.order of the default list (id-asc, created-asc, ...) and result.page of
every other list (positions in the same server's default list), since labels follow creation
and ids are random.
Prints each difference with both sides, then 'N calls compared, M differences'; exits 1 if M > 0.
"""
import json
import sys

IGNORED = ('call', 'note')


def load(path):
    records, seen = {}, {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            name = record['call']
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                name = '%s #%d' % (name, seen[name])
            records[name] = record
    return records


def comparable(field, value):
    if field == 'ids' and isinstance(value, list):
        return sorted(value)
    return value


def show(value):
    return json.dumps(value, sort_keys=True)


def diff_values(path, a, b, out):
    """Field-level differences, descending into dicts so that one changed field reads as one line."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            diff_values('%s.%s' % (path, key), a.get(key, '<absent>'), b.get(key, '<absent>'), out)
    elif a != b:
        out.append('    %s:\n      A: %s\n      B: %s' % (path, show(a), show(b)))


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    a, b = load(argv[1]), load(argv[2])
    names = list(a) + [n for n in b if n not in a]
    compared = differences = 0
    print('A = %s\nB = %s\n' % (argv[1], argv[2]))
    for name in names:
        compared += 1
        if name not in a or name not in b:
            differences += 1
            print('DIFF %s: only in %s' % (name, 'A' if name in a else 'B'))
            present = a.get(name) or b.get(name)
            print('    %s' % show({k: v for k, v in present.items() if k != 'call'}))
            continue
        lines = []
        for field in sorted((set(a[name]) | set(b[name])) - set(IGNORED)):
            diff_values(field, comparable(field, a[name].get(field)), comparable(field, b[name].get(field)), lines)
        if lines:
            differences += 1
            print('DIFF %s' % name)
            print('\n'.join(lines))
            for side, record in (('A', a[name]), ('B', b[name])):
                message = (record.get('note') or {}).get('message') or (record.get('note') or {}).get('stderr')
                if message:
                    print('    %s said: %s' % (side, message))
    print('\n%d calls compared, %d differences' % (compared, differences))
    return 1 if differences else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
