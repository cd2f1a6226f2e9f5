package dev.jsupervisor.core.reliability;

import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Tag;

/** Raw HTTP fuzzing of a real jsupervisord for minutes: {@code mvn -Pslow test}. */
@Tag("slow")
@PropertyDefaults(tries = 100_000)
class RawHttpFuzzLongTest extends RawHttpFuzzProperties {}
