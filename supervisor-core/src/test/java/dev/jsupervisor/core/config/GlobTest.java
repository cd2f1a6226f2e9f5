package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Glob classes read as Python 3.11's fnmatch reads them (expected sets from
 * {@code fnmatch.fnmatchcase} over the same candidates), reversed ranges included: they once
 * made an uncompilable regex. Stars match in linear time: many of them once took exponential
 * time against a file name (both found by ConfigLoaderJazzerFuzzTest).
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

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "*.conf|fuzz.conf|true", "*|.x|true", "a*b*c|abxxbc|true", "a*b*c|acb|false",
      "*a?c*|xxabcyy|true", "**x**|x|true", "*[!a]|aab|true", "*[!a]|aaa|false",
      "f*z*.c*f|fuzz.conf|true", "f*z*.c*f|fuzz.cong|false", "''|''|true", "*b|aab|true"})
  void starsMatchAsFnmatch(String glob, String name, boolean matches) {
    assertEquals(matches, Glob.translate(glob).matcher(name).matches(), glob + " ~ " + name);
  }

  @Test
  @Timeout(5)
  void manyStarsTakeLinearTime() {
    String name = "a".repeat(200);
    assertFalse(Glob.translate("*".repeat(5_000) + ":").matcher(name).matches());
    assertFalse(Glob.translate("*a".repeat(50) + "b").matcher(name).matches());
    assertTrue(Glob.translate("*a".repeat(50) + "*").matcher(name).matches());
  }
}
