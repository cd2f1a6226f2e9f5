package dev.jsupervisor.core.process;

/** supervisord's main-log levels, most severe first, with the tags its log lines carry. */
public enum LogLevel {
  CRIT,
  ERRO,
  WARN,
  INFO,
  DEBG,
  TRAC,
  BLAT
}
