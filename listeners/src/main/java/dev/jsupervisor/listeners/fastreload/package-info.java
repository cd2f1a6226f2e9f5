/**
 * The fast-reload listener's logic. supervisord stops one process group per main-loop pass on
 * shutdown and reload, waiting for each to die before signalling the next; {@link
 * dev.jsupervisor.listeners.fastreload.FastReload} signals whole priority tiers at once instead
 * (highest group priority first, the next tier when the previous one has exited), with each
 * program's own stop signal, to its process group when stopasgroup is set.
 *
 * <p>Safety rules: only pids seen belonging to a RUNNING, STARTING or BACKOFF process of this
 * daemon (and whose parent is the daemon) are ever signalled; each pid's {@code /proc} start
 * time is recorded when first seen and checked again just before the signal; no pid is
 * signalled twice; event listeners and the listener itself never are; the group supervisord
 * signals itself at the start of its stop is left to it. SIGKILL escalation stays with
 * supervisord (it owns stopwaitsecs and killasgroup). Under jsupervisord, which stops tiers in
 * parallel itself, the listener stays passive.
 */
package dev.jsupervisor.listeners.fastreload;
