package dev.jsupervisor.core.rpc;

/**
 * The answer of {@code tailProcessStdoutLog}: the text read, the log size to pass as the next
 * offset, and whether data before the returned text was skipped; sent as
 * {@code [text, offset, overflow]} (the offset clamped to 32 bits).
 */
public record TailResult(String text, long offset, boolean overflow) {}
