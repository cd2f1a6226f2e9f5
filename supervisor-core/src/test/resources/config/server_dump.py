# Oracle for ConfigLoaderOracleTest: loads each config named on the command line with
# supervisord's own ServerOptions and prints the result as hex-encoded lines.
import io
import sys
import tempfile
from supervisor import events, loggers
from supervisor.datatypes import Automatic, RestartUnconditionally, RestartWhenExitUnexpected
from supervisor.options import ServerOptions, EventListenerPoolConfig, FastCGIGroupConfig


def h(v):
    return str(v).encode('utf-8', 'surrogatepass').hex() or '-'


def c(v):
    if v is Automatic:
        return 'AUTO'
    if v is None:
        return '<None>'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, list):
        return '[' + ','.join(str(x) for x in v) + ']'
    if isinstance(v, dict):
        return '{' + ';'.join('%s=%s' % kv for kv in v.items()) + '}'
    return str(v)


def out(*fields):
    print(' '.join([fields[0]] + [h(f) for f in fields[1:]]))


LEVELS = {getattr(loggers.LevelsByDescription, n): n for n in
          ('critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather')}
RESTART = {False: 'FALSE', RestartUnconditionally: 'TRUE', RestartWhenExitUnexpected: 'UNEXPECTED'}
PROCESS_FIELDS = ['name', 'command', 'priority', 'autostart', 'startsecs', 'startretries',
                  'exitcodes', 'stopsignal', 'stopwaitsecs', 'stopasgroup', 'killasgroup', 'uid',
                  'redirect_stderr', 'environment', 'directory', 'umask', 'serverurl']
for channel in ('stdout', 'stderr'):
    for suffix in ('logfile', 'logfile_maxbytes', 'logfile_backups', 'capture_maxbytes',
                   'events_enabled', 'syslog'):
        PROCESS_FIELDS.append(channel + '_' + suffix)

out('TMP', tempfile.gettempdir())
for path in sys.argv[1:]:
    out('FILE', path)
    options = ServerOptions()
    options.stderr = io.StringIO()
    try:
        options.realize(args=['-c', path])
    except SystemExit:
        out('ERR', options.stderr.getvalue())
        out('END')
        continue
    s = options.configroot.supervisord
    for name in ('logfile', 'pidfile', 'childlogdir', 'identifier', 'umask', 'nodaemon',
                 'silent', 'minfds', 'minprocs', 'logfile_maxbytes', 'logfile_backups',
                 'nocleanup', 'strip_ansi', 'directory', 'user'):
        out('X', name, c(getattr(options, name)))
    out('X', 'loglevel', LEVELS[options.loglevel])
    out('X', 'environment', c(s.environment))
    for sc in options.server_configs:
        out('SRV', sc['section'], c(sc.get('host')), c(sc.get('port')), c(sc.get('file')),
            c(sc['username']), c(sc['password']), c(sc.get('chmod')), c(sc.get('chown')))
    for g in options.process_group_configs:
        pool = isinstance(g, EventListenerPoolConfig)
        events_text = ','.join(sorted(events.getEventNameByType(e) for e in g.pool_events)) if pool else ''
        out('G', g.name, g.priority, 'pool' if pool else 'group',
            g.buffer_size if pool else 0, events_text)
        if isinstance(g, FastCGIGroupConfig):
            sock = g.socket_config
            out('S', sock.url, c(sock.get_backlog()), c(getattr(sock, 'owner', None)),
                c(getattr(sock, 'mode', None)))
        for p in g.process_configs:
            out('P')
            for f in PROCESS_FIELDS:
                out('F', f, c(getattr(p, f)))
            out('F', 'autorestart', RESTART[p.autorestart])
    for w in options.parse_warnings:
        out('W', w)
    for i in options.parse_infos:
        out('I', i)
    out('END')
