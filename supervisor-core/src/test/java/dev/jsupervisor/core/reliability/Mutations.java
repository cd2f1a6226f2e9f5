package dev.jsupervisor.core.reliability;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Input generators for fuzzing text protocols: seeds edited by inserting, deleting and replacing
 * protocol tokens, token soups, and arbitrary text, so inputs stay near the parser's grammar.
 */
final class Mutations {
  private Mutations() {}

  /** One edit: {@code op} 0 inserts, 1 deletes, 2 replaces; {@code at} is a relative position. */
  private record Edit(int op, double at, int span, String token) {
    String applyTo(String text) {
      int position = (int) (at * text.length());
      int end = Math.min(text.length(), position + span);
      switch (op) {
        case 0:
          return text.substring(0, position) + token + text.substring(position);
        case 1:
          return text.substring(0, position) + text.substring(end);
        default:
          return text.substring(0, position) + token + text.substring(end);
      }
    }
  }

  /** Seeds with up to eight token edits each; unedited seeds are among the inputs too. */
  static Arbitrary<String> edited(List<String> seeds, List<String> tokens) {
    Arbitrary<Edit> edit = Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.integers().between(0, 40),
            Arbitraries.oneOf(Arbitraries.of(tokens), Arbitraries.strings().ofMaxLength(4)))
        .as(Edit::new);
    return Combinators.combine(Arbitraries.of(seeds), edit.list().ofMaxSize(8))
        .as((seed, edits) -> {
          String text = seed;
          for (Edit e : edits) {
            text = e.applyTo(text);
          }
          return text;
        });
  }

  /** Up to {@code maxTokens} tokens, or any characters, concatenated. */
  static Arbitrary<String> soup(List<String> tokens, int maxTokens) {
    Arbitrary<String> piece = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.of(tokens)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(8)));
    return piece.list().ofMaxSize(maxTokens).map(list -> String.join("", list));
  }

  /** Edited seeds, token soup and arbitrary strings, mostly the first. */
  static Arbitrary<String> near(List<String> seeds, List<String> tokens) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, edited(seeds, tokens)),
        net.jqwik.api.Tuple.of(3, soup(tokens, 60)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(400)));
  }
}
