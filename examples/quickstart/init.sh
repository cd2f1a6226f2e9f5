#!/bin/sh
# init: one-shot setup job. Creates the data directory given as $1, writes a marker file, exits 0.
set -eu
data=${1:?usage: init.sh DATA_DIR}
mkdir -p "$data"
date '+initialised %Y-%m-%d %H:%M:%S' > "$data/initialised"
echo "init: prepared $data"
