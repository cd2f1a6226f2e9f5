"""jsbench: the benchmark harness behind bench/run (stdlib only, /usr/bin/python3)."""
