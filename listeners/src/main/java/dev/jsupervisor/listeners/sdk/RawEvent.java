package dev.jsupervisor.listeners.sdk;

/** One complete event as read from stdin: its header and its decoded payload text. */
public record RawEvent(EventHeader header, String payload) {}
