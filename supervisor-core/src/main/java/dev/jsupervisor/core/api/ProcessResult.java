package dev.jsupervisor.core.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the array that group and "all" operations return: {@code status} 80 and
 * {@code OK} on success, else the fault code and fault string.
 */
public record ProcessResult(String name, String group, int status, String description) {

  public static ProcessResult ok(String group, String name) {
    return new ProcessResult(name, group, Fault.SUCCESS.code(), "OK");
  }

  public static ProcessResult of(String group, String name, RpcFault fault) {
    return new ProcessResult(name, group, fault.code(), fault.faultString());
  }

  public Map<String, Object> toStruct() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("group", group);
    m.put("status", status);
    m.put("description", description);
    return m;
  }

  public static ProcessResult fromStruct(Map<?, ?> m) {
    return new ProcessResult(
        (String) m.get("name"),
        (String) m.get("group"),
        ((Number) m.get("status")).intValue(),
        String.valueOf(m.get("description")));
  }
}
