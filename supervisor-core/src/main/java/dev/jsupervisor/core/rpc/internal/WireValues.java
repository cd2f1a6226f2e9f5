package dev.jsupervisor.core.rpc.internal;

import dev.jsupervisor.core.config.ConfigDiff;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.SupervisorState;

import dev.jsupervisor.core.rpc.TailResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps Java values to and from the subset of XML-RPC supervisord speaks. Outgoing: only 32-bit
 * ints (Apache XML-RPC without extensions drops the connection on a {@code Long}), shared API
 * records as their structs (a ProcessInfo stays itself: the marshaller writes its struct); incoming: base64 becomes text. Pure; no I/O.
 */
public final class WireValues {
  private WireValues() {}

  /** The wire form of an API result; a value with no wire form is a server bug. */
  public static Object toWire(Object value) {
    if (value instanceof String || value instanceof Boolean || value instanceof Integer
        || value instanceof Double || value instanceof byte[] || value instanceof java.util.Date) {
      return value;
    }
    if (value instanceof Long || value instanceof Short || value instanceof Byte) {
      return clamp(((Number) value).longValue());
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof ProcessInfo info) {
      // Written as its struct by PythonMarshaller, without building the map (500 processes:
      // 1,000 maps per getAllProcessInfo otherwise).
      return info;
    }
    if (value instanceof ProcessResult result) {
      return toWire(result.toStruct());
    }
    if (value instanceof SupervisorState state) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("statecode", state.code());
      m.put("statename", state.name());
      return m;
    }
    if (value instanceof ConfigDiff diff) {
      return List.of(List.of(toWire(diff.added()), toWire(diff.changed()), toWire(diff.removed())));
    }
    if (value instanceof TailResult tail) {
      return List.of(tail.text(), clamp(tail.offset()), tail.overflow());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      map.forEach((k, v) -> m.put(String.valueOf(k), toWire(v)));
      return m;
    }
    if (value instanceof Collection<?> items) {
      List<Object> list = new ArrayList<>(items.size());
      items.forEach(v -> list.add(toWire(v)));
      return list;
    }
    if (value instanceof Object[] items) {
      return toWire(List.of(items));
    }
    throw new IllegalArgumentException("no XML-RPC form for "
        + (value == null ? "null" : value.getClass().getName()));
  }

  /** A long squeezed into the signed 32-bit range, as supervisord caps its times. */
  public static int clamp(long n) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
  }

  /** A parsed request parameter with base64 decoded to text and arrays as lists. */
  public static Object fromWire(Object value) {
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof Object[] items) {
      List<Object> list = new ArrayList<>(items.length);
      for (Object item : items) {
        list.add(fromWire(item));
      }
      return list;
    }
    if (value instanceof List<?> items) {
      List<Object> list = new ArrayList<>(items.size());
      items.forEach(v -> list.add(fromWire(v)));
      return list;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      map.forEach((k, v) -> m.put(String.valueOf(k), fromWire(v)));
      return m;
    }
    return value;
  }
}
