package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.client.RealSupervisord;
import java.util.List;

/** Every quick command test, against jsupervisord from this build. */
class QuickCommandsOnJsupervisordTest extends QuickCommandsIntegrationTest {
  @Override
  List<String> daemon() {
    return RealSupervisord.jsupervisordCommand();
  }
}
