package dev.jsupervisor.core.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.SupervisorApi;
import dev.jsupervisor.core.rpc.XmlRpcEndpoint;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the daemon's XML-RPC request path from body bytes to reply: the
 * hardened SAX parser, the methodCall decoder, method resolution, {@code system.*} and
 * multicall, and the argument checks of every {@code supervisor.*} method (over an API that
 * answers every call with a fault). Every body must get a 200 (result or fault) or a 400, never
 * a 500, at once, with a reply whose size is bounded by the request's.
 */
final class XmlRpcRequestJazzerFuzzTest {
  private static final SupervisorApi FAULTING_API = (SupervisorApi) Proxy.newProxyInstance(
      SupervisorApi.class.getClassLoader(), new Class<?>[] {SupervisorApi.class},
      (proxy, method, args) -> {
        throw new RpcFault(Fault.FAILED, method.getName());
      });
  private static final XmlRpcEndpoint ENDPOINT = new XmlRpcEndpoint(FAULTING_API, (level, m) -> {});
  /** system.listMethods and a fault are a few kilobytes; multicall repeats them per call. */
  private static final int REPLY_BASE_BYTES = 64 * 1024;
  private static final int REPLY_BYTES_PER_REQUEST_BYTE = 64;

  @FuzzTest
  // Per input: Jazzer makes it libFuzzer's -timeout; a replayed hang fails on its own thread.
  @Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @DictionaryEntries({"<?xml version='1.0'?>", "<methodCall>", "</methodCall>", "<methodName>",
      "</methodName>", "<params>", "</params>", "<param>", "</param>", "<value>", "</value>",
      "<string>", "</string>", "<int>", "</int>", "<i4>", "<i8>", "<boolean>", "<double>",
      "<base64>", "<dateTime.iso8601>", "<struct>", "</struct>", "<member>", "</member>",
      "<name>", "</name>", "<array>", "</array>", "<data>", "</data>", "<nil/>", "<ex:nil/>",
      "system.multicall", "system.listMethods", "system.methodHelp", "system.methodSignature",
      "supervisor.startProcess", "supervisor.readLog", "supervisor.tailProcessStdoutLog",
      "methodName", "params", "<![CDATA[", "]]>", "<!DOCTYPE", "&amp;", "&#", "xmlns:ex="})
  void answersEveryBody(byte[] body) {
    CompletableFuture<XmlRpcEndpoint.Reply> answer =
        ENDPOINT.handle(new ByteArrayInputStream(body));
    assertTrue(answer.isDone(), "a reply that waits, over an API that answers at once");
    XmlRpcEndpoint.Reply reply = answer.join();
    assertTrue(reply.status() == 200 || reply.status() == 400, "status " + reply.status());
    if (reply.status() == 200) {
      String xml = new String(reply.body(), StandardCharsets.UTF_8);
      assertTrue(xml.contains("<methodResponse>"), xml);
      long limit = REPLY_BASE_BYTES + (long) REPLY_BYTES_PER_REQUEST_BYTE * body.length;
      assertTrue(reply.body().length <= limit,
          "a reply of " + reply.body().length + " bytes to " + body.length);
    }
  }
}
