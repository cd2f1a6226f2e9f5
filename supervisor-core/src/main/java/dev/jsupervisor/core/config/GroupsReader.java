package dev.jsupervisor.core.config;

import dev.jsupervisor.core.events.EventType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads every process-producing section of a loaded document into group configs. */
final class GroupsReader {
  private final LoadRun run;
  private final IniDocument doc;

  GroupsReader(LoadRun run) {
    this.run = run;
    this.doc = run.doc;
  }

  List<GroupConfig> read() throws ConfigException {
    List<GroupConfig> groups = new ArrayList<>();
    List<String> sections = doc.sections();
    Set<String> excluded = new LinkedHashSet<>();
    Map<String, Object> hereOnly = Map.of("here", run.here);
    for (String section : sections) {
      if (!section.startsWith("group:")) {
        continue;
      }
      String groupName = Datatypes.processOrGroupName(section.substring(6));
      String programsText = run.saneget(section, "programs", null, hereOnly);
      int priority = Datatypes.integer(run.saneget(section, "priority", "999", hereOnly));
      List<ProcessConfig> processes = new ArrayList<>();
      String reported = section; // supervisord names the previous member in this error
      for (String program : listOfStrings(programsText)) {
        String programSection = "program:" + program;
        String fcgiSection = "fcgi-program:" + program;
        boolean isProgram = sections.contains(programSection);
        boolean isFcgi = sections.contains(fcgiSection);
        if (!isProgram && !isFcgi) {
          throw new ConfigException(
              "[" + reported + "] names unknown program or fcgi-program " + program);
        }
        if (isProgram && isFcgi) {
          throw new ConfigException("[" + reported + "] name " + program
              + " is ambiguous (exists as program and fcgi-program)");
        }
        // supervisord reads a member fcgi-program as a plain program: no socket.
        String memberSection = isProgram ? programSection : fcgiSection;
        reported = memberSection;
        excluded.add(memberSection);
        processes.addAll(processes(memberSection, groupName, false));
      }
      groups.add(new GroupConfig(groupName, GroupKind.HETEROGENEOUS, priority, processes,
          Set.of(), 0, null, run.fileOf(section)));
    }
    for (String section : sections) {
      if (!section.startsWith("program:") || excluded.contains(section)) {
        continue;
      }
      String name = Datatypes.processOrGroupName(section.substring(8));
      int priority = Datatypes.integer(run.saneget(section, "priority", "999", hereOnly));
      groups.add(new GroupConfig(name, GroupKind.PROGRAM, priority,
          processes(section, name, false), Set.of(), 0, null, run.fileOf(section)));
    }
    for (String section : sections) {
      if (section.startsWith("eventlistener:")) {
        groups.add(listenerPool(section, hereOnly));
      }
    }
    for (String section : sections) {
      if (section.startsWith("fcgi-program:") && !excluded.contains(section)) {
        groups.add(fcgiProgram(section, hereOnly));
      }
    }
    groups.sort(LoadRun.GROUP_ORDER);
    return groups;
  }

  private GroupConfig fcgiProgram(String section, Map<String, Object> hereOnly)
      throws ConfigException {
    String name = Datatypes.processOrGroupName(section.substring("fcgi-program:".length()));
    int priority = Datatypes.integer(run.saneget(section, "priority", "999", hereOnly));
    FcgiSocketConfig socket = new FcgiSocketReader(run).read(section, name);
    return new GroupConfig(name, GroupKind.FCGI_PROGRAM, priority,
        processes(section, name, false), Set.of(), 0, null, run.fileOf(section), socket);
  }

  private GroupConfig listenerPool(String section, Map<String, Object> hereOnly)
      throws ConfigException {
    String poolName = section.substring("eventlistener:".length());
    int priority = Datatypes.integer(run.saneget(section, "priority", "-1", hereOnly));
    int bufferSize = Datatypes.integer(run.saneget(section, "buffer_size", "10", hereOnly));
    if (bufferSize < 1) {
      throw new ConfigException("[" + section + "] section sets invalid buffer_size ("
          + bufferSize + ")");
    }
    String handler = run.saneget(section, "result_handler", ConfigLoader.DEFAULT_RESULT_HANDLER, hereOnly);
    if (!PyText.strip(handler).equals(ConfigLoader.DEFAULT_RESULT_HANDLER)) {
      throw new ConfigException(handler + " cannot be resolved within [" + section + "]");
    }
    Set<String> events = new LinkedHashSet<>();
    for (String event : listOfStrings(run.saneget(section, "events", "", hereOnly))) {
      events.add(event.toUpperCase(Locale.ROOT));
    }
    if (events.isEmpty()) {
      throw new ConfigException("[" + section + "] section requires an \"events\" line");
    }
    for (String event : events) {
      if (EventType.byName(event).isEmpty()) {
        throw new ConfigException("Unknown event type " + event + " in [" + section
            + "] events");
      }
    }
    if (Datatypes.bool(run.saneget(section, "redirect_stderr", "false", hereOnly))) {
      throw new ConfigException("[" + section + "] section sets redirect_stderr=true but this "
          + "is not allowed because it will interfere with the eventlistener protocol");
    }
    return new GroupConfig(poolName, GroupKind.EVENT_LISTENER_POOL, priority,
        processes(section, poolName, true), events, bufferSize, PyText.strip(handler),
        run.fileOf(section));
  }

  private List<ProcessConfig> processes(String section, String groupName, boolean listener)
      throws ConfigException {
    try {
      return new ProcessSectionReader(run, section, groupName, listener).read();
    } catch (ConfigException e) {
      throw new ConfigException(e.getMessage() + " in section " + PyText.repr(section)
          + " (file: " + PyText.repr(run.fileOf(section)) + ")");
    }
  }

  static List<String> listOfStrings(String value) {
    List<String> items = new ArrayList<>();
    if (value == null || value.isEmpty()) {
      return items;
    }
    for (String part : value.split(",", -1)) {
      items.add(PyText.strip(part));
    }
    return items;
  }
}
