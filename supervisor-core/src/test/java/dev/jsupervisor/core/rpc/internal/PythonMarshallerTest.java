package dev.jsupervisor.core.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PythonMarshallerTest {
  private static final String PYTHON = "/usr/bin/python3";

  /** supervisord 4.2.5's answer to supervisor.getState, captured from the real daemon. */
  private static final String GET_STATE = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n"
      + "<param>\n<value><struct>\n<member>\n<name>statecode</name>\n<value><int>1</int></value>\n"
      + "</member>\n<member>\n<name>statename</name>\n<value><string>RUNNING</string></value>\n"
      + "</member>\n</struct></value>\n</param>\n</params>\n</methodResponse>\n";

  /** Its fault for getProcessInfo('nosuch'). */
  private static final String BAD_NAME = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n"
      + "<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n"
      + "</member>\n<member>\n<name>faultString</name>\n<value><string>BAD_NAME: nosuch</string>"
      + "</value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n";

  @Test
  void structAndFaultAreSupervisordsBytes() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("statecode", 1);
    state.put("statename", "RUNNING");
    assertEquals(GET_STATE, utf8(PythonMarshaller.result(state)));
    assertEquals(BAD_NAME, utf8(PythonMarshaller.fault(10, "BAD_NAME: nosuch")));
    assertEquals(state, StrictSupervisordXml.read(PythonMarshaller.result(state)));
    assertEquals(new StrictSupervisordXml.Fault(10, "BAD_NAME: nosuch"),
        StrictSupervisordXml.read(PythonMarshaller.fault(10, "BAD_NAME: nosuch")));
  }

  @Test
  void multicallResultsNestFaultStructsAndEmptyArraysAsSupervisordDoes() {
    Map<String, Object> fault = new LinkedHashMap<>();
    fault.put("faultCode", 1);
    fault.put("faultString", "UNKNOWN_METHOD");
    String xml = utf8(PythonMarshaller.result(List.of(13870, fault, List.of())));
    assertEquals("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
        + "<value><array><data>\n<value><int>13870</int></value>\n<value><struct>\n<member>\n"
        + "<name>faultCode</name>\n<value><int>1</int></value>\n</member>\n<member>\n"
        + "<name>faultString</name>\n<value><string>UNKNOWN_METHOD</string></value>\n"
        + "</member>\n</struct></value>\n<value><array><data>\n</data></array></value>\n"
        + "</data></array></value>\n</param>\n</params>\n</methodResponse>\n", xml);
  }

  @Test
  void textKeepsControlCharactersAndEmojiAsTheirBytesAndEscapesOnlyMarkup() {
    String log = "a\u0001b\u001b[31m<&>\"x\r\n\uD83D\uDE00 tab\there\n";
    String xml = utf8(PythonMarshaller.result(log));
    assertEquals("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>"
        + "a\u0001b\u001b[31m&lt;&amp;&gt;\"x\r\n\uD83D\uDE00 tab\there\n</string></value>\n"
        + "</param>\n</params>\n</methodResponse>\n", xml);
    assertEquals("a\uFFFDb\uFFFDc", StrictSupervisordXml.read(
        PythonMarshaller.result("a\uD83Db\uDE00c")));
  }

  @Test
  void valuesWithoutAnXmlRpcFormAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PythonMarshaller.result(null));
    assertThrows(IllegalArgumentException.class, () -> PythonMarshaller.result(List.of(7L)));
    Map<Object, Object> badKey = new LinkedHashMap<>();
    badKey.put(1, "x");
    assertThrows(IllegalArgumentException.class, () -> PythonMarshaller.result(badKey));
  }

  /**
   * A process struct is written from constant parts, not from its map: the bytes must be those
   * of {@link ProcessInfo#toStruct} marshalled as a map, for text that needs escaping and
   * encoding too, alone and inside arrays (getAllProcessInfo, multicall).
   */
  @Test
  void aProcessInfoIsWrittenAsItsStruct() {
    Random random = new Random(21);
    List<ProcessInfo> infos = new ArrayList<>();
    List<Object> maps = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ProcessState[] states = ProcessState.values();
      ProcessInfo info = new ProcessInfo(randomText(random), randomText(random), random.nextInt(),
          random.nextInt(), i == 0 ? Integer.MIN_VALUE : random.nextInt(),
          states[random.nextInt(states.length)], randomText(random), random.nextInt(256),
          randomText(random), randomText(random), random.nextInt(1 << 22), randomText(random));
      infos.add(info);
      maps.add(info.toStruct());
      assertArrayEquals(PythonMarshaller.result(info.toStruct()), PythonMarshaller.result(info),
          "process " + i + ": " + info);
    }
    assertArrayEquals(PythonMarshaller.result(maps), PythonMarshaller.result(infos));
    assertThrows(IllegalArgumentException.class, () -> PythonMarshaller.result(
        new ProcessInfo(null, "g", 0, 0, 0, ProcessState.STOPPED, "", 0, "", "", 0, "")));
  }

  @Test
  void doublesArePythonsRepr() {
    double[] values = {0.1, 1.5, -2.25, 1e16, 1e15, 123456789012345678.0, 1e-4, 1e-5, 5e-324,
        Double.MAX_VALUE, -0.0, 0.0, 100.0, 3.141592653589793, 1.0 / 3};
    String[] python = {"0.1", "1.5", "-2.25", "1e+16", "1000000000000000.0",
        "1.2345678901234568e+17", "0.0001", "1e-05", "5e-324", "1.7976931348623157e+308", "-0.0",
        "0.0", "100.0", "3.141592653589793", "0.3333333333333333"};
    for (int i = 0; i < values.length; i++) {
      assertEquals(python[i], PythonMarshaller.pythonRepr(values[i]), "repr of " + values[i]);
    }
    assertEquals("nan", PythonMarshaller.pythonRepr(Double.NaN));
    assertEquals("-inf", PythonMarshaller.pythonRepr(Double.NEGATIVE_INFINITY));
  }

  /**
   * The oracle itself: 300 random nested values (strings with markup, control characters,
   * non-ASCII and emoji; ints at the limits; doubles of every magnitude; arrays and structs),
   * marshalled by Python's own xmlrpc.client.dumps and by us, compared byte for byte.
   */
  @Test
  void randomValuesAreByteForBytePythonsMarshalling() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "no python3");
    Random random = new Random(20261207);
    List<Object> values = new ArrayList<>();
    StringBuilder literals = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      Object v = randomValue(random, 0);
      values.add(v);
      literals.append(pythonLiteral(v)).append('\n');
    }
    List<byte[]> theirs = pythonDumps(literals.toString(), values.size());
    for (int i = 0; i < values.size(); i++) {
      assertArrayEquals(theirs.get(i), PythonMarshaller.result(values.get(i)),
          "value " + i + ": " + literals.toString().split("\n")[i]);
      StrictSupervisordXml.read(theirs.get(i));
    }
  }

  private static Object randomValue(Random r, int depth) {
    // Kinds 0-5 are scalars; 6 (array) and 7 (struct) nest, down to three levels.
    int kind = r.nextInt(depth > 2 ? 6 : 8);
    return switch (kind) {
      case 0 -> randomText(r);
      case 4 -> {
        byte[] bytes = new byte[r.nextInt(120)];
        r.nextBytes(bytes);
        yield bytes;
      }
      case 5 -> new java.util.Date((r.nextInt(2_000_000_000) + 1L) * 1000);
      case 1 -> switch (r.nextInt(4)) {
        case 0 -> Integer.MIN_VALUE;
        case 1 -> Integer.MAX_VALUE;
        default -> r.nextInt();
      };
      case 2 -> r.nextBoolean();
      case 3 -> switch (r.nextInt(4)) {
        case 0 -> r.nextDouble();
        case 1 -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
        case 2 -> (double) r.nextInt(100000);
        default -> Double.longBitsToDouble(r.nextLong());
      };
      case 6 -> {
        List<Object> items = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          items.add(randomValue(r, depth + 1));
        }
        yield items;
      }
      default -> {
        Map<String, Object> members = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          members.put(randomText(r), randomValue(r, depth + 1));
        }
        yield members;
      }
    };
  }

  private static String randomText(Random r) {
    String[] pieces = {"a", "Z", "9", " ", "&", "<", ">", "\"", "'", "\\", "\n", "\r", "\t",
        "\u0000", "\u0001", "\u001b", "\u007f", "\u00e9", "\u4e2d", "\uD83D\uDE00", "]]>",
        "&amp;", "\uFFFE", "\u2028"};
    StringBuilder s = new StringBuilder();
    for (int i = r.nextInt(8); i > 0; i--) {
      s.append(pieces[r.nextInt(pieces.length)]);
    }
    return s.toString();
  }

  private static String pythonLiteral(Object v) {
    if (v instanceof String s) {
      StringBuilder out = new StringBuilder("'");
      s.codePoints().forEach(cp -> out.append(String.format("\\U%08x", cp)));
      return out.append('\'').toString();
    }
    if (v instanceof Integer i) {
      return i.toString();
    }
    if (v instanceof byte[] bytes) {
      StringBuilder hex = new StringBuilder();
      for (byte b : bytes) {
        hex.append(String.format("%02x", b));
      }
      return "bytes.fromhex('" + hex + "')";
    }
    if (v instanceof java.util.Date date) {
      return "datetime.datetime.fromtimestamp(" + date.getTime() / 1000 + ")";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Double d) {
      if (d.isNaN()) {
        return "float('nan')";
      }
      if (d.isInfinite()) {
        return d > 0 ? "float('inf')" : "float('-inf')";
      }
      return "float.fromhex('" + Double.toHexString(d) + "')";
    }
    if (v instanceof List<?> items) {
      List<String> parts = new ArrayList<>();
      items.forEach(item -> parts.add(pythonLiteral(item)));
      return "[" + String.join(", ", parts) + "]";
    }
    Map<?, ?> map = (Map<?, ?>) v;
    List<String> parts = new ArrayList<>();
    map.forEach((k, item) -> parts.add(pythonLiteral(k) + ": " + pythonLiteral(item)));
    return "{" + String.join(", ", parts) + "}";
  }

  /** Python's xmlrpc.client.dumps((v,), methodresponse=True) of each line, as UTF-8 bytes. */
  private static List<byte[]> pythonDumps(String literals, int count) throws Exception {
    String script = String.join("\n",
        "import sys, datetime, xmlrpc.client",
        "out = sys.stdout.buffer",
        "for line in sys.stdin.read().splitlines():",
        "    v = eval(line, {'float': float, 'bytes': bytes, 'datetime': datetime})",
        "    b = xmlrpc.client.dumps((v,), methodresponse=True).encode('utf-8')",
        "    out.write(b'%d\\n' % len(b)); out.write(b)",
        "out.flush()");
    Process p = new ProcessBuilder(PYTHON, "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().write(literals.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    List<byte[]> results = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(p.getInputStream())) {
      for (int i = 0; i < count; i++) {
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
          if (c < 0) {
            throw new IOException("python stopped after " + i + " values");
          }
          digits.write(c);
        }
        byte[] body = new byte[Integer.parseInt(digits.toString(StandardCharsets.US_ASCII))];
        in.readFully(body);
        results.add(body);
      }
    }
    assertEquals(true, p.waitFor(30, TimeUnit.SECONDS), "python finished");
    assertEquals(0, p.exitValue());
    return results;
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
