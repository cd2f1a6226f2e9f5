package dev.jsupervisor.core.web.internal;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders the status page: supervisord's table (rows sorted by group then process, its columns,
 * state classes, description and action links) plus the data attributes and hooks of the web
 * markup contract, in one pass over constant fragments (no template parsing per request).
 */
public final class StatusPage {
  private static final Comparator<ProcessInfo> BY_GROUP_THEN_NAME =
      Comparator.comparing(ProcessInfo::group).thenComparing(ProcessInfo::name);

  private static final String HIDDEN_ACTION =
      "<li><a class=\"hidden\" href=\"#\" name=\"#\">Action</a></li>\n";

  private static final String HEAD =
      """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Supervisor Status</title>
      <link rel="stylesheet" href="stylesheets/supervisor.css">
      <link rel="stylesheet" href="assets/dashboard.css">
      <link rel="icon" href="images/icon.png" type="image/png">
      <script src="assets/dashboard.js" defer></script>
      </head>
      <body>
      <div id="wrapper">
      <header id="header"><h1><img src="images/icon.png" alt="" width="32" height="32">\
      Supervisor status</h1></header>
      <main id="content">
      """;

  private static final String BUTTONS =
      """
      <form action="index.html" method="post">
      <ul id="buttons" class="clr">
      <li class="action-button"><a href="index.html?action=refresh">Refresh</a></li>
      <li class="action-button"><a href="index.html?action=restartall">Restart All</a></li>
      <li class="action-button"><a href="index.html?action=stopall">Stop All</a></li>
      </ul>
      <div id="dashboard"></div>
      """;

  private static final String TABLE_HEAD =
      """
      <table id="statustable">
      <thead>
      <tr>
      <th class="state" scope="col">State</th>
      <th class="desc" scope="col">Description</th>
      <th class="name" scope="col">Name</th>
      <th class="action" scope="col">Action</th>
      </tr>
      </thead>
      <tbody>
      """;

  private static final String TABLE_TAIL = "</tbody>\n</table>\n";

  private static final String TAIL_FORMAT =
      """
      </form>
      </main>
      </div>
      <footer id="footer" class="clr">
      <div class="left">jsupervisord, serving the pages of Supervisor \
      <span id="supervisor_version">%s</span></div>
      </footer>
      </body>
      </html>
      """;

  private final String tail;

  /** @param supervisorVersion the supervisord version the daemon mimics, shown in the footer */
  public StatusPage(String supervisorVersion) {
    this.tail = TAIL_FORMAT.formatted(Html.text(supervisorVersion));
  }

  /**
   * The page for these processes (any order), with {@code message} (null: none) in the status
   * area.
   */
  public String render(List<ProcessInfo> processes, String message) {
    List<ProcessInfo> rows = new ArrayList<>(processes);
    rows.sort(BY_GROUP_THEN_NAME);
    StringBuilder out = new StringBuilder(2048 + 900 * rows.size());
    out.append(HEAD);
    if (message != null) {
      out.append("<div class=\"status_msg\" role=\"status\">")
          .append(Html.text(message))
          .append("</div>\n");
    }
    out.append(BUTTONS);
    if (rows.isEmpty()) {
      out.append("<p id=\"statustable\">No programs to manage</p>\n");
    } else {
      out.append(TABLE_HEAD);
      boolean shaded = false;
      for (ProcessInfo p : rows) {
        row(out, p, shaded);
        shaded = !shaded;
      }
      out.append(TABLE_TAIL);
    }
    out.append(tail);
    return out.toString();
  }

  private static void row(StringBuilder out, ProcessInfo p, boolean shaded) {
    String namespec = p.namespec();
    String quoted = Html.quote(namespec);
    ProcessState state = p.state();
    out.append(shaded ? "<tr class=\"shade\"" : "<tr")
        .append(" data-namespec=\"").append(Html.attr(namespec))
        .append("\" data-group=\"").append(Html.attr(p.group()))
        .append("\" data-name=\"").append(Html.attr(p.name()))
        .append("\" data-state=\"").append(state.name())
        .append("\">\n<td class=\"status\"><span class=\"").append(cssClass(state)).append("\">")
        .append(state.name().toLowerCase(java.util.Locale.ROOT))
        .append("</span></td>\n<td><span>").append(Html.text(p.description()))
        .append("</span></td>\n<td><a href=\"tail.html?processname=").append(Html.attr(quoted))
        .append("\" target=\"_blank\" rel=\"noopener\">").append(Html.text(namespec))
        .append("</a></td>\n<td class=\"action\">\n<ul>\n");
    String actionBase = "index.html?processname=" + Html.attr(quoted) + "&amp;action=";
    switch (state) {
      case RUNNING -> {
        action(out, actionBase + "restart", "Restart");
        action(out, actionBase + "stop", "Stop");
      }
      case STOPPED, EXITED, FATAL -> {
        action(out, actionBase + "start", "Start");
        out.append(HIDDEN_ACTION);
      }
      default -> out.append(HIDDEN_ACTION).append(HIDDEN_ACTION);
    }
    action(out, actionBase + "clearlog", "Clear Log");
    out.append("<li><a href=\"logtail/").append(Html.attr(quoted))
        .append("\" name=\"Tail -f Stdout\" target=\"_blank\" rel=\"noopener\">Tail -f Stdout</a></li>\n")
        .append("<li><a href=\"logtail/").append(Html.attr(quoted))
        .append("/stderr\" name=\"Tail -f Stderr\" target=\"_blank\" rel=\"noopener\">Tail -f Stderr</a></li>\n")
        .append("</ul>\n</td>\n</tr>\n");
  }

  /** {@code href} is already escaped for an attribute; {@code label} is a constant. */
  private static void action(StringBuilder out, String href, String label) {
    out.append("<li><a href=\"").append(href).append("\" name=\"").append(label).append("\">")
        .append(label).append("</a></li>\n");
  }

  /** supervisord's classes: running, error (FATAL and BACKOFF) or nominal. */
  static String cssClass(ProcessState state) {
    return switch (state) {
      case RUNNING -> "statusrunning";
      case FATAL, BACKOFF -> "statuserror";
      default -> "statusnominal";
    };
  }
}
