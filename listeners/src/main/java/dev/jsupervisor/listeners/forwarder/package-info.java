/**
 * {@code bin/event-forwarder}: an event listener that stores every event it is sent in a NATS
 * JetStream stream before acknowledging it, and the {@code tail} command that prints a fleet's
 * events from that stream.
 */
package dev.jsupervisor.listeners.forwarder;
