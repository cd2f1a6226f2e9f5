/**
 * What the ordered-startup and fast-reload engines share: their input event record, the
 * XML-RPC calls they make, their log, and the tick loop that drives their timers and keeps
 * supervisord's main loop awake.
 */
package dev.jsupervisor.listeners.control;
