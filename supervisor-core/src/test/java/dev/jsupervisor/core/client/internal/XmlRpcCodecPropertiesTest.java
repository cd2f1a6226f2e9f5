package dev.jsupervisor.core.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.internal.WireValues;
import dev.jsupervisor.core.rpc.internal.XmlRpcCodec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The client codec agrees with jsupervisord's server codec (Apache XML-RPC's parser, answers in
 * supervisord's shape): whatever the server encodes (as wire values) the reader decodes to equal
 * values, whatever the writer encodes the
 * server parses to equal values, and damaged answers end in a named error, never anything else.
 */
class XmlRpcCodecPropertiesTest {
  private static final XmlRpcCodec SERVER = new XmlRpcCodec();

  @Property(tries = 300)
  void readerDecodesWhatTheServerEncodes(@ForAll("values") Object value) throws Exception {
    byte[] answer = SERVER.renderResult(WireValues.toWire(value));
    assertEquals(comparable(value), comparable(XmlRpcResponseReader.read(answer)),
        new String(answer, StandardCharsets.UTF_8));
  }

  @Property(tries = 100)
  void readerThrowsTheServersFaults(@ForAll int code, @ForAll("strings") String message)
      throws Exception {
    byte[] answer = SERVER.renderFault(code, message);
    try {
      XmlRpcResponseReader.read(answer);
      throw new AssertionError("a fault was read as a value");
    } catch (RpcFault f) {
      assertEquals(code, f.code());
      assertEquals(message, f.faultString());
    }
  }

  @Property(tries = 300)
  void theServerParsesWhatTheWriterEncodes(
      @ForAll("methodNames") String method, @ForAll("paramLists") List<Object> params)
      throws Exception {
    byte[] call = XmlRpcRequestWriter.write(method, params.toArray());
    XmlRpcCodec.Call parsed = SERVER.parse(new ByteArrayInputStream(call));
    assertEquals(method, parsed.methodName());
    assertEquals(comparable(params), comparable(parsed.params()),
        new String(call, StandardCharsets.UTF_8));
  }

  @Property(tries = 500)
  void damagedAnswersEndInANamedError(
      @ForAll("values") Object value, @ForAll int seed) throws Exception {
    byte[] answer = SERVER.renderResult(WireValues.toWire(value));
    java.util.Random random = new java.util.Random(seed);
    byte[] damaged = answer.clone();
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      int at = random.nextInt(damaged.length);
      damaged[at] = (byte) "<>&/;#x\"' \u0000a9".charAt(random.nextInt(13));
    }
    try {
      XmlRpcResponseReader.read(damaged);
    } catch (XmlRpcProtocolException | RpcFault expected) {
      // a value, a fault or a named protocol error are the only outcomes
    }
  }

  @Provide
  Arbitrary<Object> values() {
    return value(4);
  }

  @Provide
  Arbitrary<List<Object>> paramLists() {
    return value(3).list().ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> methodNames() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('.', '_').ofMinLength(1)
        .ofMaxLength(30);
  }

  /** Text XML 1.0 can carry, carriage returns aside (every XML parser turns them into \n). */
  @Provide
  Arbitrary<String> strings() {
    return Arbitraries.strings()
        .withCharRange(' ', '\uD7FF')
        .withChars('\t', '\n', '&', '<', '>', '"', '\'', ']', '\u00e9', '\uFFFD')
        .ofMaxLength(40);
  }

  private Arbitrary<Object> value(int depth) {
    Arbitrary<Object> scalar = Arbitraries.oneOf(
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.of(true, false).map(b -> (Object) b),
        strings().map(s -> (Object) s),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(24).map(b -> (Object) b),
        Arbitraries.longs().between(0, 253_402_300_799L).map(s -> (Object) new Date(s * 1000)));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Object> inner = value(depth - 1);
    Arbitrary<Object> array = inner.list().ofMaxSize(4).map(List::toArray);
    Arbitrary<Object> struct = Arbitraries.maps(strings(), inner).ofMaxSize(4)
        .map(m -> (Object) new LinkedHashMap<>(m));
    return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, array), Tuple.of(1, struct));
  }

  /** Arrays as lists and byte arrays as their content, so equals compares values. */
  private static Object comparable(Object v) {
    if (v instanceof byte[] bytes) {
      return "base64:" + Arrays.toString(bytes);
    }
    if (v instanceof Object[] array) {
      return comparable(Arrays.asList(array));
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(item -> out.add(comparable(item)));
      return out;
    }
    if (v instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, item) -> out.put(k, comparable(item)));
      return out;
    }
    return v;
  }
}
