package dev.jsupervisor.core.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The status and tail pages' markup: supervisord's structure plus the web-live contract. */
final class PagesRenderTest {
  private final StatusPage page = new StatusPage("4.2.5");

  static ProcessInfo info(String group, String name, ProcessState state, String description) {
    return new ProcessInfo(name, group, 0, 0, 0, state, "", 0, "", "", 0, description);
  }

  @Test
  void rowsAreSortedByGroupThenNameWithTheContractsAttributes() {
    Document doc = Jsoup.parse(page.render(List.of(
        info("web", "web", ProcessState.RUNNING, "pid 1, uptime 0:00:01"),
        info("g", "b", ProcessState.FATAL, "Exited too quickly"),
        info("g", "a", ProcessState.BACKOFF, "")), null));
    List<String> namespecs = new ArrayList<>();
    for (Element tr : doc.select("table > tbody > tr")) {
      namespecs.add(tr.attr("data-namespec") + "/" + tr.attr("data-group") + "/"
          + tr.attr("data-name") + "/" + tr.attr("data-state") + "/" + tr.className());
    }
    assertEquals(List.of("g:a/g/a/BACKOFF/", "g:b/g/b/FATAL/shade", "web/web/web/RUNNING/"),
        namespecs);
    assertEquals("statuserror", doc.selectFirst("tbody tr td.status span").className());
    assertEquals("backoff", doc.selectFirst("tbody tr td.status span").text());
    assertNotNull(doc.selectFirst("head link[rel=stylesheet][href=assets/dashboard.css]"));
    assertNotNull(doc.selectFirst("head script[src=assets/dashboard.js][defer]"));
    Element dashboard = doc.getElementById("dashboard");
    assertEquals("", dashboard.html());
    assertEquals("table", dashboard.nextElementSibling().tagName());
    assertNull(doc.selectFirst("div.status_msg"));
  }

  @Test
  void actionsPerStateAreSupervisords() {
    assertEquals(List.of("Restart", "Stop", "Clear Log", "Tail -f Stdout", "Tail -f Stderr"),
        actions(ProcessState.RUNNING));
    for (ProcessState s : List.of(ProcessState.STOPPED, ProcessState.EXITED, ProcessState.FATAL)) {
      assertEquals(List.of("Start", "#", "Clear Log", "Tail -f Stdout", "Tail -f Stderr"),
          actions(s));
    }
    for (ProcessState s : List.of(ProcessState.STARTING, ProcessState.BACKOFF,
        ProcessState.STOPPING, ProcessState.UNKNOWN)) {
      assertEquals(List.of("#", "#", "Clear Log", "Tail -f Stdout", "Tail -f Stderr"), actions(s));
    }
    Document doc = Jsoup.parse(page.render(
        List.of(info("g", "p", ProcessState.RUNNING, "")), null));
    assertEquals("index.html?processname=g%3Ap&action=stop",
        doc.selectFirst("a[name=Stop]").attr("href"));
    assertEquals("logtail/g%3Ap/stderr", doc.selectFirst("a[name=Tail -f Stderr]").attr("href"));
    assertEquals("tail.html?processname=g%3Ap", doc.selectFirst("td a[target]").attr("href"));
  }

  @Test
  void noProcessesSaysSoAndMessagesAreEscaped() {
    Document doc = Jsoup.parse(page.render(List.of(), "<b>x</b> & \"y\""));
    assertNull(doc.selectFirst("table"));
    assertTrue(doc.text().contains("No programs to manage"));
    assertEquals("<b>x</b> & \"y\"", doc.selectFirst("div.status_msg").text());
    assertTrue(doc.select("b").isEmpty());
  }

  @Test
  void hostileNameAndDescriptionStayInTheirAttributesAndText() {
    String evil = "\"><script>alert(1)</script><a x=\"";
    Document doc = Jsoup.parse(page.render(
        List.of(info(evil, evil, ProcessState.RUNNING, evil + "'onmouseover='x")), null));
    assertEquals(1, doc.select("script").size(), "only dashboard.js");
    Element tr = doc.selectFirst("tbody tr");
    assertEquals(evil, tr.attr("data-name"));
    assertEquals(evil + "'onmouseover='x", tr.select("td").get(1).text());
    assertEquals(4, tr.select("td").size());
  }

  @Test
  void tailPageShowsTextAndOmitsRefreshWithoutAName() {
    Document ok = Jsoup.parse(TailPage.render("g:p", "<script>x</script>\n", 2048));
    assertEquals("Supervisor tail of process g:p", ok.title());
    assertEquals("<script>x</script>\n", ok.selectFirst("pre").wholeText());
    assertTrue(ok.select("script").isEmpty());
    assertEquals("tail.html?processname=g%3Ap&limit=2048",
        ok.selectFirst("a#refresh_anchor").attr("href"));
    Document none = Jsoup.parse(TailPage.render(null, "No process name found", 1024));
    assertEquals("Supervisor tail of process None", none.title());
    assertNull(none.selectFirst("a#refresh_anchor"));
  }

  private List<String> actions(ProcessState state) {
    Document doc = Jsoup.parse(page.render(List.of(info("p", "p", state, "")), null));
    List<String> names = new ArrayList<>();
    for (Element a : doc.select("td.action ul li a")) {
      names.add(a.attr("name"));
    }
    return names;
  }
}
