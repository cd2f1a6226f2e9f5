package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.client.RealSupervisord;
import java.util.List;

/** Every bare-name quick command test, against jsupervisord from this build. */
class QuickBareNamesOnJsupervisordTest extends QuickBareNamesIntegrationTest {
  @Override
  List<String> daemon() {
    return RealSupervisord.jsupervisordCommand();
  }
}
