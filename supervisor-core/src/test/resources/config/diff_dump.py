# Oracle for ConfigDiffOracleTest: for each (old, new) pair of config files, loads both with
# supervisord's ServerOptions, makes the old groups "active" the way supervisord adds them (first
# of each name wins) and prints what reloadConfig would return, hex-encoded.
import sys
from supervisor.options import ServerOptions


def h(v):
    return str(v).encode('utf-8').hex() or '-'


def load(path):
    options = ServerOptions()
    options.realize(args=['-c', path])
    return options.process_group_configs


args = sys.argv[1:]
for old_path, new_path in zip(args[0::2], args[1::2]):
    active = {}
    for group in load(old_path):
        active.setdefault(group.name, group)
    new = load(new_path)
    new_names = set(g.name for g in new)
    added = [g.name for g in new if g.name not in active]
    changed = [g.name for g in new if g != active.get(g.name, g)]
    removed = [name for name in active if name not in new_names]
    print('PAIR', h(old_path), h(','.join(added)), h(','.join(changed)), h(','.join(removed)))
