/**
 * The ordered-startup listener's logic: a {@link dev.jsupervisor.listeners.ordered.StartupPlan}
 * built from the programs' extra keys, and the {@link
 * dev.jsupervisor.listeners.ordered.OrderedStartup} engine that follows state events and starts
 * each program once, with wait=false, when what it waits for has happened.
 *
 * <p>Keys read from {@code [program:x]} sections (both dialects may be mixed in one plan):
 *
 * <ul>
 *   <li>{@code startinorder=true}: the program after this one in (priority, name) order starts
 *       once this one reaches {@code startnextafter} (default {@code running}; also {@code
 *       exited}, {@code starting}, {@code backoff}, {@code stopping}, {@code stopped}, {@code
 *       fatal}).
 *   <li>{@code dependent_startup=true} with {@code dependent_startup_wait_for=a:running
 *       b:exited g:c:running,fatal}: starts once every named program (bare name, or {@code
 *       group:name} inside a {@code [group:]}) has reached one of its listed states; {@code
 *       dependent_startup_inherit_priority=true} orders simultaneous starts by the lowest
 *       priority up the graph.
 *   <li>{@code startready=tcp:HOST:PORT | http(s)://URL | cmd:COMMAND} and {@code
 *       startready_timeout=SECONDS} (default 60): once RUNNING, the program must also pass this
 *       check before programs waiting for its RUNNING start.
 *   <li>{@code start_timeout=SECONDS}: if the program has not reached what its dependents wait
 *       for that long after it started, they are reported blocked.
 * </ul>
 *
 * <p>{@code exited} means an expected exit (exitcodes). A program with several processes
 * (numprocs) counts once all of them have got there. A FATAL, unexpected exit, stop, failed
 * start, readiness timeout or start timeout of a dependency blocks its dependents with one log
 * line naming the failed program and every program that will not start; they start after all if
 * the dependency later gets there. Cycles and unknown programs make the plan refuse to run.
 *
 * <p>Speed: each start is one {@code system.multicall} of startProcess and getProcessInfo, so a
 * {@code startsecs=0} link is seen RUNNING in the answer and the next one starts at once; while a
 * link is on its way the tick polls it, which wakes supervisord's loop (it notices exits only
 * when woken) and covers the listener's own first {@code startsecs}, during which supervisord
 * sends it no events.
 */
package dev.jsupervisor.listeners.ordered;
