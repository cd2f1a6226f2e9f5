package dev.jsupervisor.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A hand-written XML-RPC POST for in-process test listeners; returns the response body. */
final class TinyXmlRpc {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private TinyXmlRpc() {}

  static String call(String baseUrl, String method, String... stringParams)
      throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder("<?xml version='1.0'?><methodCall><methodName>")
        .append(method).append("</methodName><params>");
    for (String p : stringParams) {
      if (p.equals("true") || p.equals("false")) {
        body.append("<param><value><boolean>").append(p.equals("true") ? 1 : 0)
            .append("</boolean></value></param>");
      } else {
        body.append("<param><value><string>").append(p).append("</string></value></param>");
      }
    }
    body.append("</params></methodCall>");
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/RPC2"))
        .header("Content-Type", "text/xml")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }
}
