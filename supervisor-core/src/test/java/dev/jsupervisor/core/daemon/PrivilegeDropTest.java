package dev.jsupervisor.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jsupervisor.core.config.Users;
import dev.jsupervisor.core.process.Posix;
import dev.jsupervisor.core.process.PosixException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

class PrivilegeDropTest {
  @TempDir Path dir;
  private final Posix posix = mock(Posix.class);
  private PrivilegeDrop drop;

  @BeforeEach
  void users() throws Exception {
    Path passwd = dir.resolve("passwd");
    Path group = dir.resolve("group");
    Files.writeString(passwd, "root:x:0:0:root:/root:/bin/sh\n"
        + "app:x:1001:1002:app:/home/app:/bin/sh\n"
        + "alias:x:1001:1003:second name for 1001:/:/bin/sh\n");
    Files.writeString(group, "root:x:0:\napp:x:1002:\nextra:x:1003:app\n");
    drop = new PrivilegeDrop(posix, Users.fromFiles(passwd, group));
  }

  @Test
  void rootSetsGroupsThenGidThenUid() throws Exception {
    when(posix.getuid()).thenReturn(0);
    PrivilegeDrop.Result r = drop.switchTo("app");
    assertTrue(r.succeeded());
    assertEquals(1001, r.uid());
    InOrder order = inOrder(posix);
    order.verify(posix).initgroups("app", 1002);
    order.verify(posix).setgid(1002);
    order.verify(posix).setuid(1001);
  }

  @Test
  void aNumericUserUsesThatUidsFirstPasswdEntry() throws Exception {
    when(posix.getuid()).thenReturn(0);
    assertTrue(drop.switchTo("1001").succeeded());
    verify(posix).initgroups("app", 1002);
    verify(posix).setgid(1002);
  }

  @Test
  void aNameKeepsItsOwnEntryWhenAnotherNameSharesTheUid() throws Exception {
    when(posix.getuid()).thenReturn(0);
    assertTrue(drop.switchTo("alias").succeeded());
    verify(posix).initgroups("alias", 1003);
    verify(posix).setuid(1001);
  }

  @Test
  void theCurrentUserNeedsNoSwitchEvenWhenNotRoot() throws Exception {
    when(posix.getuid()).thenReturn(1001);
    PrivilegeDrop.Result r = drop.switchTo("app");
    assertTrue(r.succeeded());
    verify(posix, never()).setuid(anyInt());
    verify(posix, never()).initgroups(anyString(), anyInt());
    assertNull(drop.precheck("app"));
  }

  @Test
  void anotherUserIsRefusedWhenNotRoot() throws Exception {
    when(posix.getuid()).thenReturn(1001);
    PrivilegeDrop.Result r = drop.switchTo("root");
    assertFalse(r.succeeded());
    assertEquals("Can't drop privilege as nonroot user", r.error());
    assertEquals("Can't drop privilege as nonroot user", drop.precheck("0"));
    verify(posix, never()).setuid(anyInt());
  }

  @Test
  void unknownUsersGetTheConfigLoadersMessages() {
    when(posix.getuid()).thenReturn(0);
    assertEquals("Invalid user name nosuch", drop.switchTo("nosuch").error());
    assertEquals("Invalid user id 4242", drop.switchTo("4242").error());
    assertEquals("Invalid user id 99999999999999999999", drop.switchTo("99999999999999999999").error());
    assertNull(drop.precheck("app"), "root may switch");
  }

  @Test
  void eachFailingCallHasSupervisordsMessageAndStopsTheSequence() throws Exception {
    when(posix.getuid()).thenReturn(0);
    doThrow(new PosixException("initgroups", 1)).when(posix).initgroups("app", 1002);
    assertEquals("Could not set groups of effective user", drop.switchTo("app").error());
    verify(posix, never()).setgid(anyInt());

    Posix second = mock(Posix.class);
    when(second.getuid()).thenReturn(0);
    doThrow(new PosixException("setgid", 1)).when(second).setgid(1002);
    PrivilegeDrop other = new PrivilegeDrop(second, usersOf());
    assertEquals("Could not set group id of effective user", other.switchTo("app").error());
    verify(second, never()).setuid(anyInt());

    Posix third = mock(Posix.class);
    doThrow(new PosixException("setuid", 1)).when(third).setuid(1001);
    assertEquals(
        "Could not set user id of effective user",
        new PrivilegeDrop(third, usersOf()).switchTo("app").error());
  }

  private Users usersOf() {
    return Users.fromFiles(dir.resolve("passwd"), dir.resolve("group"));
  }
}
