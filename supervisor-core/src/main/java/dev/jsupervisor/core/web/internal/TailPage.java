package dev.jsupervisor.core.web.internal;

/**
 * Renders {@code tail.html}: supervisord's title ({@code Supervisor tail of process NAME}, with
 * Python's {@code None} when no name was given), the tail or error text in a {@code <pre>} and a
 * Refresh link (absent without a name).
 */
public final class TailPage {
  private TailPage() {}

  /**
   * @param processname the name asked for, or null
   * @param body the log tail or supervisord's error text
   * @param limit the byte count the Refresh link asks for again
   */
  public static String render(String processname, String body, int limit) {
    StringBuilder out = new StringBuilder(body.length() + body.length() / 8 + 1024);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Supervisor tail of process ")
        .append(Html.text(processname == null ? "None" : processname))
        .append("</title>\n<link rel=\"stylesheet\" href=\"stylesheets/supervisor.css\">\n")
        .append("</head>\n<body class=\"tail\">\n<main id=\"content\">\n<pre id=\"tailbody\">")
        .append(Html.text(body))
        .append("</pre>\n");
    if (processname != null) {
      out.append("<p><a class=\"button\" id=\"refresh_anchor\" href=\"tail.html?processname=")
          .append(Html.attr(Html.quote(processname)))
          .append("&amp;limit=").append(limit)
          .append("\">Refresh</a></p>\n");
    }
    out.append("</main>\n</body>\n</html>\n");
    return out.toString();
  }
}
