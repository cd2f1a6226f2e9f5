#!/bin/sh
# stamp: appends "NAME <epoch-nanoseconds>" to FILE the moment it starts, then sleeps until
# stopped. Used by the ordered-chain scenario to time each hop. Usage: stamp.sh FILE NAME
echo "$2 $(date +%s%N)" >> "$1"
exec sleep infinity
