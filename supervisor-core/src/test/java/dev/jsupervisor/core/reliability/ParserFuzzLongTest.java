package dev.jsupervisor.core.reliability;

import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Tag;

/**
 * The parser fuzz properties with a long budget (200,000 inputs each, about four minutes for
 * all eight on 2 cores), run with {@code mvn -Pslow test -Dtest='ParserFuzzLongTest'}. A
 * failure prints the seed to replay.
 */
@Tag("slow")
@PropertyDefaults(tries = 200_000)
class ParserFuzzLongTest extends ParserFuzzProperties {}
