package dev.jsupervisor.core.config;

/** Where a process group comes from in the config file. */
public enum GroupKind {
  /** A {@code [program:x]} section: group and program share the name. */
  PROGRAM,
  /** A {@code [group:x]} section listing programs. */
  HETEROGENEOUS,
  /** An {@code [eventlistener:x]} section: a pool of listener processes. */
  EVENT_LISTENER_POOL,
  /** An {@code [fcgi-program:x]} section: a program whose processes share a listening socket. */
  FCGI_PROGRAM
}
