package dev.jsupervisor.bench;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.rpc.ServerLog;
import dev.jsupervisor.core.rpc.SupervisorApi;
import dev.jsupervisor.core.rpc.XmlRpcEndpoint;
import dev.jsupervisor.core.util.SecureXml;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.parser.XmlRpcResponseParser;
import org.apache.xmlrpc.util.SAXParsers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * {@code getAllProcessInfo} with 500 processes over XML-RPC: the server parsing the call and
 * encoding the answer, and a client decoding that answer (what supervisorctl status costs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProcessInfoXmlRpcBenchmark {
  private static final byte[] CALL =
      ("<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getAllProcessInfo"
              + "</methodName>\n<params>\n</params>\n</methodCall>\n")
          .getBytes(StandardCharsets.UTF_8);

  private XmlRpcEndpoint endpoint;
  private byte[] answer;

  @Setup
  public void setUp() throws Exception {
    // Only the hardened parser: the reject-all serial filter would cut JMH off from its fork.
    SAXParsers.setSAXParserFactory(SecureXml.newHardenedFactory());
    List<ProcessInfo> infos = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      infos.add(
          new ProcessInfo(
              "app_" + i, "app", 1_795_288_410, 0, 1_795_289_000, ProcessState.RUNNING, "", 0,
              "/var/log/app/app_" + i + ".log", "", 10_000 + i,
              "pid " + (10_000 + i) + ", uptime 0:09:50"));
    }
    SupervisorApi api =
        (SupervisorApi)
            Proxy.newProxyInstance(
                SupervisorApi.class.getClassLoader(),
                new Class<?>[] {SupervisorApi.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getAllProcessInfo")) {
                    return CompletableFuture.completedFuture(infos);
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    endpoint = new XmlRpcEndpoint(api, ServerLog.discard());
    answer = serve();
  }

  @Benchmark
  public byte[] serve() throws Exception {
    XmlRpcEndpoint.Reply reply = endpoint.handle(new ByteArrayInputStream(CALL)).get();
    byte[] body = reply.body();
    reply.content().release(); // as the HTTP server does once the bytes are written
    return body;
  }

  @Benchmark
  public Object decode() throws Exception {
    XmlRpcResponseParser parser =
        new XmlRpcResponseParser(new XmlRpcClientConfigImpl(), new TypeFactoryImpl(null));
    XMLReader reader = SAXParsers.newXMLReader();
    reader.setContentHandler(parser);
    reader.parse(new InputSource(new ByteArrayInputStream(answer)));
    return parser.getResult();
  }
}
