"""Bench configurations: copies of the example folders with a few keys overridden, and
generated configurations for the scenarios no example covers. Everything lives under /tmp."""
import os
import re
import shutil
import socket

_HEADER = re.compile(r"^\[([^\]]+)\]")


def ini_set(text, section, key, value):
    """Sets key=value in [section] of a supervisord.conf text (replacing the key's line, or
    adding it at the end of the section). The section must exist."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines)
                  if _HEADER.match(line) and _HEADER.match(line).group(1) == section), None)
    if start is None:
        raise ValueError(f"no [{section}] section")
    end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
    key_line = re.compile(rf"^\s*{re.escape(key)}\s*[=:]", re.IGNORECASE)
    for i in range(start + 1, end):
        if key_line.match(lines[i]):
            lines[i] = f"{key}={value}"
            return "\n".join(lines)
    insert_at = end
    while insert_at - 1 > start and not lines[insert_at - 1].strip():
        insert_at -= 1
    lines.insert(insert_at, f"{key}={value}")
    return "\n".join(lines)


def ini_sections(text):
    """Names of the sections in a supervisord.conf text, in order."""
    return [m.group(1) for m in map(_HEADER.match, text.split("\n")) if m]


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Workspace:
    """A temp dir under /tmp holding the bench's configurations. Example copies are laid out
    like a checkout (x<N>/examples/<name> next to x<N>/bin -> the tools' bin), so the examples'
    %(here)s/../../bin/<listener> commands run the tools under test."""

    def __init__(self, root, repo, js_home):
        self.root, self.repo, self.js_home = root, repo, js_home
        self._count = 0

    def example(self, name, conf="supervisord.conf", overrides=()):
        """A fresh copy of examples/<name> (empty run/ dir) with overrides, a list of
        (section, key, value), applied to conf and a free inet port. Returns (conf, sock)."""
        self._count += 1
        dest = os.path.join(self.root, f"x{self._count}", "examples", name)
        os.makedirs(os.path.dirname(dest))
        shutil.copytree(os.path.join(self.repo, "examples", name), dest,
                        ignore=shutil.ignore_patterns("run"))
        os.makedirs(os.path.join(dest, "run"))
        os.symlink(os.path.join(self.js_home, "bin"),
                   os.path.join(self.root, f"x{self._count}", "bin"))
        path = os.path.join(dest, conf)
        with open(path) as f:
            text = f.read()
        for section, key, value in overrides:
            text = ini_set(text, section, key, value)
        if "inet_http_server" in ini_sections(text):
            text = ini_set(text, "inet_http_server", "port", f"127.0.0.1:{free_port()}")
        with open(path, "w") as f:
            f.write(text)
        return path, _socket_of(text, dest)

    def generated(self, name, body):
        """Writes a configuration of the standard header (unix socket, no inet server) plus
        body into a fresh dir; returns (conf, sock, dir). body may use {dir}."""
        self._count += 1
        folder = os.path.join(self.root, f"g{self._count}-{name}")
        os.makedirs(folder)
        sock = os.path.join(folder, "s.sock")
        header = f"""[supervisord]
nodaemon=true
logfile={folder}/supervisord.log
pidfile={folder}/supervisord.pid
childlogdir={folder}
identifier={name}

[unix_http_server]
file={sock}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{sock}
"""
        path = os.path.join(folder, "supervisord.conf")
        with open(path, "w") as f:
            f.write(header + body.replace("{dir}", folder))
        return path, sock, folder


def _socket_of(text, here):
    """The [unix_http_server] file of a config text, with %(here)s expanded."""
    in_section = False
    for line in text.split("\n"):
        header = _HEADER.match(line)
        if header:
            in_section = header.group(1) == "unix_http_server"
        elif in_section and re.match(r"^\s*file\s*[=:]", line):
            return line.split("=", 1)[1].strip().replace("%(here)s", here)
    raise ValueError("config has no [unix_http_server] file")
