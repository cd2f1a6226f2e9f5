package dev.jsupervisor.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.client.internal.ChunkedInputStream;
import dev.jsupervisor.core.client.internal.HttpProtocolException;
import dev.jsupervisor.core.client.internal.HttpResponseHead;
import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.ConfigLoader;
import dev.jsupervisor.core.config.ConfigOverrides;
import dev.jsupervisor.core.config.Expander;
import dev.jsupervisor.core.config.IniReader;
import dev.jsupervisor.core.config.Users;
import dev.jsupervisor.core.events.ListenerReply;
import dev.jsupervisor.core.events.ListenerReplyParser;
import dev.jsupervisor.core.events.ListenerState;
import dev.jsupervisor.core.rpc.internal.BasicAuth;
import dev.jsupervisor.core.rpc.internal.XmlRpcCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.xmlrpc.XmlRpcException;

/**
 * Fuzz properties for every parser of outside input in supervisor-core: the INI reader and the
 * whole config loader, %(name)s expansion, XML-RPC request bodies, listener replies, the client's
 * HTTP response head and chunked body readers, and Basic authorization headers. Each input must
 * end in a result or the parser's documented exception, within {@link Guard#DEADLINE} and a
 * bounded allocation. Subclasses choose how many inputs to try.
 */
abstract class ParserFuzzProperties {
  private static Path dir;
  private static ConfigLoader loader;
  private static final XmlRpcCodec XML_RPC = new XmlRpcCodec();

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "jsfuzz");
    loader = new ConfigLoader(Map.of("HOME", "/root"), "host", dir, "/tmp", Users.system());
  }

  @AfterContainer
  static void removeDirectory() throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  // --- INI and config ------------------------------------------------------------------------

  private static final List<String> CONFIG_SEEDS = List.of(
      "[supervisord]\nlogfile=/tmp/x.log\n[program:a]\ncommand=/bin/echo %(program_name)s\n"
          + "numprocs=2\nprocess_name=%(program_name)s_%(process_num)d\nautorestart=unexpected\n",
      "[supervisord]\n[group:g]\nprograms=a,b\n[program:a]\ncommand=/bin/true\n"
          + "[program:b]\ncommand=/bin/false ; comment\nenvironment=A=\"1,2\",B='x'\n",
      "[supervisord]\n[eventlistener:l]\ncommand=/bin/cat\nevents=PROCESS_STATE,TICK_5\n"
          + "buffer_size=3\n[fcgi-program:f]\ncommand=/bin/true\nsocket=tcp://localhost:9\n",
      "[supervisord]\n[inet_http_server]\nport=127.0.0.1:9001\nusername=u\npassword={SHA}ab\n"
          + "[unix_http_server]\nfile=/tmp/s.sock\nchmod=0700\n[include]\nfiles=*.ini\n",
      "[supervisord]\n[program:m]\ncommand=/bin/sh -c 'exit 2'\n  continued line\n"
          + "stdout_logfile_maxbytes=1KB\nexitcodes=0,2\nstopsignal=KILL\numask=022\n");
  private static final List<String> CONFIG_TOKENS = List.of(
      "[", "]", "[program:", "[group:", "[eventlistener:", "[include]", "[supervisord]", "=", ":",
      ";", "#", " ;", "\n", "\r\n", " ", "\t", "\n  ", "%(", ")s", ")d", "%%", "%(here)s",
      "%(ENV_HOME)s", "%(process_num)02d", "numprocs=", "process_name=", "command=", "files=",
      "autorestart=", "true", "unexpected", "99999999999999999999", "-1", "0x", "KB", "MB", "GB",
      "\"", "'", ",", "\\", "\0", "é", "\uFFFF", "*", "?", "[!", "../");

  @Provide
  Arbitrary<String> configText() {
    return Mutations.near(CONFIG_SEEDS, CONFIG_TOKENS);
  }

  @Property
  void iniReaderParsesOrRaisesConfigException(@ForAll("configText") String text) throws Exception {
    Guard.run(text.length(), () -> {
      try {
        assertNotNull(IniReader.parse(text, "fuzz.conf"));
      } catch (ConfigException e) {
        assertFalse(e.getMessage().isEmpty(), "an empty error message");
      }
    });
  }

  @Property
  void configLoaderLoadsOrRaisesConfigException(@ForAll("configText") String text)
      throws Exception {
    Path file = dir.resolve("fuzz.conf");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Guard.run(text.length(), () -> {
      try {
        assertNotNull(loader.load(file.toString(), ConfigOverrides.NONE).config());
      } catch (ConfigException e) {
        assertFalse(e.getMessage().isEmpty(), "an empty error message");
      }
    });
  }

  @Provide
  Arbitrary<String> format() {
    return Mutations.near(List.of("%(a)s-%(b)d", "%(a)08.3f %%", "%(b)-5d|%(a)r", "x%(c)sy"),
        List.of("%", "(", ")", "a", "b", "c", "s", "d", "f", "r", "x", "i", "-", "+", " ", "#",
            "0", "9", ".", "*", "99999999", "%("));
  }

  @Property
  void expanderExpandsOrRaisesConfigException(@ForAll("format") String format) throws Exception {
    Guard.run(format.length(), () -> {
      try {
        assertNotNull(Expander.expand(format, Map.of("a", "text", "b", 42, "c", ""), "x.y"));
      } catch (ConfigException e) {
        assertFalse(e.getMessage().isEmpty(), "an empty error message");
      }
    });
  }

  // --- XML-RPC --------------------------------------------------------------------------------

  private static final List<String> XML_SEEDS = List.of(
      "<?xml version='1.0'?>\n<methodCall><methodName>supervisor.startProcess</methodName><params>"
          + "<param><value><string>g:a&amp;b</string></value></param>"
          + "<param><value><boolean>1</boolean></value></param></params></methodCall>",
      "<methodCall><methodName>system.multicall</methodName><params><param><value><array><data>"
          + "<value><struct><member><name>methodName</name><value>supervisor.getPID</value>"
          + "</member>"
          + "<member><name>params</name><value><array><data/></array></value></member></struct>"
          + "</value></data></array></value></param></params></methodCall>",
      "<methodCall><methodName>x</methodName><params><param><value><int>-7</int></value></param>"
          + "<param><value><double>1.5e3</double></value></param><param><value><base64>"
          + "aGVsbG8=</base64></value></param><param><value><dateTime.iso8601>20240101T10:00:00"
          + "</dateTime.iso8601></value></param><param><value>untyped</value></param></params>"
          + "</methodCall>");
  private static final List<String> XML_TOKENS = List.of(
      "<value>", "</value>", "<string>", "</string>", "<int>", "<i4>", "</i4>", "<i8>", "<double>",
      "<boolean>", "<struct>", "</struct>", "<member>", "<name>", "<array>", "<data>", "</data>",
      "<base64>", "<nil/>", "<ex:nil/>", "<ex:serializable>", "<param>", "</param>", "<params>",
      "<methodName>", "</methodName>", "<methodCall>", "</methodCall>", "<![CDATA[", "]]>",
      "<!DOCTYPE m [<!ENTITY e 'x'>]>", "&e;", "&amp;", "&#0;", "&#x10FFFF;", "&#99999999;", "&lt;",
      "<?xml version='1.1' encoding='UTF-16'?>", "<?pi x?>", "<!-- c -->", "xmlns:ex='urn:x'",
      "99999999999999999999", "NaN", "1e309", "=", "====", "\u0000", "\uFFFE", "é", ">", "<", "/");

  @Provide
  Arbitrary<byte[]> xmlRpcBody() {
    return Arbitraries.oneOf(
        Mutations.near(XML_SEEDS, XML_TOKENS).map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300));
  }

  @Property
  void xmlRpcCodecParsesOrRaisesXmlRpcException(@ForAll("xmlRpcBody") byte[] body)
      throws Exception {
    Guard.run(body.length, () -> {
      try {
        XmlRpcCodec.Call call = XML_RPC.parse(new ByteArrayInputStream(body));
        assertNotNull(call.params());
      } catch (XmlRpcException e) {
        assertNotNull(e.getMessage());
      }
    });
  }

  // --- listener replies (daemon side) --------------------------------------------------------

  private static final List<String> REPLY_TURNS = List.of(
      "RESULT 2\nOK", "RESULT 4\nFAIL", "RESULT 0\n", "RESULT  +2 \nOK", "RESULT 1_0\n0123456789",
      "RESULT 2\nO", "RESULT -1\n", "RESULT 99999999999999999999\n", "RESULT x\n", "garbage\n",
      "READY\n", "RESULT 65536\n", "\n", "\u00ffRESULT 2\nOK");

  @Provide
  Arbitrary<List<String>> replyTurns() {
    return Arbitraries.oneOf(Arbitraries.of(REPLY_TURNS),
            Arbitraries.strings().ofMaxLength(20),
            Arbitraries.strings().withChars("RESULT 0123\nOK").ofMaxLength(20))
        .list().ofMaxSize(12);
  }

  /**
   * A listener's transcript, READY before each turn, cut into random pieces that never straddle
   * the point where the daemon would send the next event: the replies must not depend on how
   * the bytes were cut, and memory stays bounded.
   */
  @Property
  void listenerRepliesDoNotDependOnHowTheBytesArrive(
      @ForAll("replyTurns") List<String> turns, @ForAll long cutSeed) throws Exception {
    List<byte[]> segments = new ArrayList<>();
    long total = 0;
    for (String turn : turns) {
      byte[] segment = ("READY\n" + turn).getBytes(StandardCharsets.ISO_8859_1);
      segments.add(segment);
      total += segment.length;
    }
    Guard.run(total, () -> {
      List<ListenerReply.Kind> oneByteAtATime = replayListener(segments, new Random(0), true);
      List<ListenerReply.Kind> randomCuts = replayListener(segments, new Random(cutSeed), false);
      assertEquals(oneByteAtATime, randomCuts);
    });
  }

  private static List<ListenerReply.Kind> replayListener(
      List<byte[]> segments, Random cuts, boolean singleBytes) {
    ListenerReplyParser parser = new ListenerReplyParser("fuzz");
    List<ListenerReply.Kind> kinds = new ArrayList<>();
    for (byte[] segment : segments) {
      int i = 0;
      while (i < segment.length) {
        int n = singleBytes ? 1 : 1 + cuts.nextInt(segment.length - i);
        for (ListenerReply reply : parser.feed(segment, i, n)) {
          kinds.add(reply.kind());
        }
        i += n;
      }
      if (parser.state() == ListenerState.READY) {
        parser.eventSent(); // the daemon writes the next event before the listener speaks again
      }
    }
    return kinds;
  }

  // --- the client's HTTP reader ---------------------------------------------------------------

  private static final List<String> HEAD_TOKENS = List.of(
      "HTTP/1.1 ", "HTTP/1.0 ", "HTTP/2 ", "200", "401", "99999999999", "-1", " OK", "\r\n", "\n",
      "Content-Length: ", "Transfer-Encoding: chunked", "Connection: close", ":", " ", "\r", "\0");

  @Provide
  Arbitrary<String> responseHead() {
    return Mutations.near(List.of("HTTP/1.1 200 OK\r\nContent-Length: 12\r\nContent-Type: text/xml"
        + "\r\n\r\n", "HTTP/1.0 401 Unauthorized\nTransfer-Encoding: chunked\n\n"), HEAD_TOKENS);
  }

  @Property
  void responseHeadParsesOrRaisesHttpProtocolException(@ForAll("responseHead") String head)
      throws Exception {
    Guard.run(head.length(), () -> {
      try {
        HttpResponseHead parsed = HttpResponseHead.read(
            new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)));
        if (parsed != null) {
          assertTrue(parsed.status() >= 100 && parsed.status() <= 999, parsed.toString());
          parsed.contentLength();
        }
      } catch (IOException e) { // HttpProtocolException, or EOF inside the head
        assertNotNull(e.getMessage());
      }
    });
  }

  @Provide
  Arbitrary<String> chunkedBody() {
    return Mutations.near(
        List.of("5\r\nhello\r\n0\r\n\r\n", "a;ext=1\r\n0123456789\r\n3\r\nabc\r\n0\r\n"),
        List.of("\r\n", "0", "f", "FFFFFFFFFFFFFFFF", "7fffffff", ";", "-1", " ", "x", "\n"));
  }

  @Property
  void chunkedBodyReadsOrRaisesIoException(@ForAll("chunkedBody") String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    Guard.run(bytes.length, () -> {
      try (ChunkedInputStream in = new ChunkedInputStream(new ByteArrayInputStream(bytes))) {
        byte[] decoded = in.readAllBytes();
        assertTrue(decoded.length <= bytes.length, "decoded more bytes than were sent");
      } catch (HttpProtocolException e) {
        assertNotNull(e.getMessage());
      } catch (IOException e) {
        assertNotNull(e.getMessage());
      }
    });
  }

  // --- Basic authorization ---------------------------------------------------------------------

  @Provide
  Arbitrary<String> authorization() {
    Arbitrary<String> encoded = Arbitraries.strings().ofMaxLength(40)
        .map(s -> "Basic "
            + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    return Arbitraries.oneOf(encoded, Mutations.near(
        List.of("Basic dXNlcjpzZWNyZXQ=", "basic   dXNlcjpzZWNyZXQ=  "),
        List.of("Basic ", "Bearer ", "=", "==", ":", "\0", "é", "%", " ", "dXNlcjp")));
  }

  @Property
  void basicAuthOnlyPermitsTheRightCredentials(@ForAll("authorization") String header)
      throws Exception {
    BasicAuth plain = new BasicAuth("user", "secret");
    BasicAuth sha = new BasicAuth("user", "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4");
    Guard.run(header.length(), () -> {
      boolean permitted = plain.permits(header);
      assertEquals(permitted, sha.permits(header), "plain and {SHA} disagree on " + header);
      if (permitted) {
        String token = header.trim().substring(header.trim().indexOf(' ')).trim();
        assertEquals("user:secret",
            new String(Base64.getMimeDecoder().decode(token), StandardCharsets.UTF_8));
      }
    });
  }
}
