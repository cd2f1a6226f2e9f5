package dev.jsupervisor.listeners.reliability;

import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Tag;

/**
 * The listener protocol fuzz properties with a long budget, run with
 * {@code mvn -Pslow test -Dtest='ListenerProtocolFuzzLongTest'}.
 */
@Tag("slow")
@PropertyDefaults(tries = 200_000)
class ListenerProtocolFuzzLongTest extends ListenerProtocolFuzzProperties {}
