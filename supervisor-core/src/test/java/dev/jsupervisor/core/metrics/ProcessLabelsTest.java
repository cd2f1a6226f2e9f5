package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessLabelsTest {
  private final ProcessLabels labels = new ProcessLabels(MetricFamilies.PROCESS_LABELS);

  private static ProcessInfo info(String name, String group) {
    return new ProcessInfo(name, group, 0, 0, 0, ProcessState.RUNNING, "", 0, "", "", 1, "");
  }

  private static String text(LabelText label) {
    return new String(label.encoded(), StandardCharsets.UTF_8);
  }

  @Test
  void encodesNameThenGroupEscapedAsASampleWritesThem() {
    LabelText[] out = labels.of(List.of(info("a\"b\\c\nd", "\u00fc")));
    assertEquals("name=\"a\\\"b\\\\c\\nd\",group=\"\u00fc\"", text(out[0]));
    assertEquals(MetricFamilies.PROCESS_LABELS, out[0].names());
  }

  @Test
  void theSameListReusesEveryEncodedLabel() {
    List<ProcessInfo> list = List.of(info("a", "g"), info("b", "g"));
    LabelText[] first = labels.of(list);
    LabelText[] second = labels.of(List.of(info("a", "g"), info("b", "g")));
    assertSame(first[0], second[0]);
    assertSame(first[1], second[1]);
  }

  @Test
  void anAddedProcessIsEncodedAndTheOthersAreReusedWhereverTheyMoved() {
    LabelText[] first = labels.of(List.of(info("a", "g"), info("b", "g")));
    LabelText[] second = labels.of(List.of(info("new", "g"), info("b", "g"), info("a", "g")));
    assertEquals("name=\"new\",group=\"g\"", text(second[0]));
    assertSame(first[1], second[1]);
    assertSame(first[0], second[2]);
    assertEquals(3, labels.size());
  }

  @Test
  void aRemovedProcessIsForgotten() {
    labels.of(List.of(info("a", "g"), info("b", "g")));
    LabelText[] second = labels.of(List.of(info("b", "g")));
    assertEquals(1, second.length);
    assertEquals("name=\"b\",group=\"g\"", text(second[0]));
    assertEquals(1, labels.size());
    assertEquals(0, labels.of(List.of()).length);
    assertEquals(0, labels.size());
  }

  @Test
  void aRenamedProcessOrAMoveToAnotherGroupGetsNewText() {
    LabelText[] first = labels.of(List.of(info("a", "g"), info("b", "g")));
    LabelText[] renamed = labels.of(List.of(info("a2", "g"), info("b", "h")));
    assertEquals("name=\"a2\",group=\"g\"", text(renamed[0]));
    assertEquals("name=\"b\",group=\"h\"", text(renamed[1]));
    assertNotSame(first[1], renamed[1]);
  }

  @Test
  void theSameNameInTwoGroupsKeepsTwoTexts() {
    LabelText[] out = labels.of(List.of(info("x", "g1"), info("x", "g2")));
    assertEquals("name=\"x\",group=\"g1\"", text(out[0]));
    assertEquals("name=\"x\",group=\"g2\"", text(out[1]));
  }

  @Test
  void callersCannotChangeWhatIsKept() {
    LabelText[] first = labels.of(List.of(info("a", "g")));
    first[0] = null;
    assertEquals("name=\"a\",group=\"g\"", text(labels.of(List.of(info("a", "g")))[0]));
  }

  @Test
  void labelTextNeedsOneValuePerName() {
    assertThrows(IllegalArgumentException.class, () -> new ProcessLabels(List.of("name")));
    assertThrows(IllegalArgumentException.class,
        () -> LabelText.of(MetricFamilies.PROCESS_LABELS, "only-one"));
    assertThrows(IllegalArgumentException.class, () -> LabelText.of(List.of()));
  }
}
