package dev.jsupervisor.core.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.constraints.StringLength;

/** The form parser on arbitrary input: it never throws, and what a browser encodes comes back. */
@PropertyDefaults(tries = 500)
class FormParametersPropertyTest {

  @Property
  void anyQueryOrBodyIsReadWithoutError(@ForAll @StringLength(max = 300) String query,
      @ForAll @StringLength(max = 300) String body) {
    FormParameters.parse(query, body).get("action");
  }

  @Property
  void encodedValuesRoundTrip(@ForAll @StringLength(min = 1, max = 100) String value) {
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    // Lone surrogates cannot be encoded as UTF-8; the encoder writes '?' for them.
    String expected = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertEquals(expected, FormParameters.parse("message=" + encoded, null).get("message"));
  }
}
