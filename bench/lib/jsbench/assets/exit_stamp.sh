#!/bin/sh
# exit_stamp: an init job for the init-script chain scenario: appends "NAME <epoch-ns>" to FILE
# as it starts and "NAME-exit <epoch-ns>" right before it exits 0. Usage: exit_stamp.sh FILE NAME
echo "$2 $(date +%s%N)" >> "$1"
echo "$2-exit $(date +%s%N)" >> "$1"
exit 0
