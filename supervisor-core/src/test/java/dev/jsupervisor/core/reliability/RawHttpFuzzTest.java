package dev.jsupervisor.core.reliability;

import net.jqwik.api.PropertyDefaults;

/** Raw HTTP fuzzing of a real jsupervisord with the CI budget: a few seconds. */
@PropertyDefaults(tries = 600)
class RawHttpFuzzTest extends RawHttpFuzzProperties {}
