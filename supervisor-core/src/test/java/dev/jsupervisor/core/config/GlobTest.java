package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Glob classes read as Python 3.11's fnmatch reads them (expected sets from
 * {@code fnmatch.fnmatchcase} over the same candidates), reversed ranges included: they once
 * made an uncompilable regex.
 */
final class GlobTest {
  private static final List<String> CANDIDATES =
      List.of("a", "b", "c", "d", "e", "f", "g", "x", "z", "-", " ", "]", "!");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[z-a]|''",
      "'[fcgi- x]'|c f g x",
      "[a-c-e]|a b c e -",
      "[!z-a]|a b c d e f g x z -   ] !",
      "[a-]|a -",
      "[-a]|a -",
      "[]-a]|a ]",
      "[!-a]|b c d e f g x z   ] !",
      "[b-a-c]|c -"})
  void classesMatchWhatFnmatchMatches(String glob, String expected) {
    String matched = CANDIDATES.stream()
        .filter(name -> Glob.translate(glob).matcher(name).matches())
        .collect(Collectors.joining(" "));
    assertEquals(expected, matched, glob);
  }
}
