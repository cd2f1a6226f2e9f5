package dev.jsupervisor.listeners.reliability;

import net.jqwik.api.PropertyDefaults;

/** The listener protocol fuzz properties with the CI budget: a few seconds each. */
@PropertyDefaults(tries = 3000)
class ListenerProtocolFuzzTest extends ListenerProtocolFuzzProperties {}
