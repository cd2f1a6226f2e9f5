package dev.jsupervisor.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an {@code environment} value into tokens the way Python's non-POSIX {@code shlex} does
 * with supervisord's extra word characters: words, whole quoted strings (quotes kept) and single
 * punctuation characters; {@code #} starts a comment running to the end of the line.
 */
final class KeyValueLexer {
  private static final String WORD_CHARS =
      "abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/.+-():";
  private static final String WHITESPACE = " \t\r\n";

  private KeyValueLexer() {}

  static List<String> tokens(String text) throws ConfigException {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (true) {
      // skip whitespace and comments between tokens
      while (i < n) {
        char c = text.charAt(i);
        if (WHITESPACE.indexOf(c) >= 0) {
          i++;
        } else if (c == '#') {
          i = endOfLine(text, i);
        } else {
          break;
        }
      }
      if (i >= n) {
        return tokens;
      }
      char c = text.charAt(i);
      StringBuilder token = new StringBuilder().append(c);
      i++;
      if (c == '"' || c == '\'') {
        while (true) {
          if (i >= n) {
            throw new ConfigException("No closing quotation");
          }
          char q = text.charAt(i++);
          token.append(q);
          if (q == c) {
            break;
          }
        }
      } else if (WORD_CHARS.indexOf(c) >= 0) {
        while (i < n) {
          char w = text.charAt(i);
          if (WORD_CHARS.indexOf(w) >= 0 || w == '"' || w == '\'') {
            token.append(w);
            i++;
          } else if (w == '#') {
            i = endOfLine(text, i); // non-POSIX shlex keeps the word going after a comment
          } else {
            break; // whitespace ends the word; other characters become their own token
          }
        }
      }
      tokens.add(token.toString());
    }
  }

  private static int endOfLine(String text, int from) {
    int newline = text.indexOf('\n', from);
    return newline < 0 ? text.length() : newline + 1;
  }
}
