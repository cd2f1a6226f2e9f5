package dev.jsupervisor.core.reliability;

import net.jqwik.api.PropertyDefaults;

/** The parser fuzz properties with the CI budget: a few seconds per parser. */
@PropertyDefaults(tries = 3000)
class ParserFuzzTest extends ParserFuzzProperties {}
