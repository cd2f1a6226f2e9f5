package dev.jsupervisor.core.util;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Runs an action on each SIGQUIT, which HotSpot keeps for itself ({@code sun.misc.Signal}
 * refuses it, and {@code -Xrs} would take TERM, INT and HUP away from Java too): after printing
 * its thread dump on SIGQUIT the JVM posts the JVMTI DataDumpRequest event, to which this class
 * subscribes through JNA, so the action runs on the JVM's signal thread after every SIGQUIT.
 * A SIGQUIT that {@code jcmd} sends to start the attach listener posts no such event.
 */
public final class QuitSignal {
  private static final int JNI_OK = 0;
  private static final int JVMTI_VERSION_1_2 = 0x30010200;
  private static final int JVMTI_ENABLE = 1;
  /** The event's number; the callback table starts at event 50 (VMInit). */
  private static final int DATA_DUMP_REQUEST = 71;
  private static final int FIRST_EVENT = 50;
  /** Slots (0-based) in the JNI invocation and JVMTI function tables, from jni.h / jvmti.h. */
  private static final int GET_ENV = 6;
  private static final int SET_EVENT_NOTIFICATION_MODE = 1;
  private static final int SET_EVENT_CALLBACKS = 121;

  /** JVMTI's DataDumpRequest callback: {@code void (*)(jvmtiEnv*)}. */
  private interface DataDumpRequest extends Callback {
    void invoke(Pointer jvmtiEnv);
  }

  private static volatile Runnable action;
  /** Held for the life of the JVM: JVMTI keeps a pointer to its native stub. */
  private static DataDumpRequest callback;
  /** The subscription, once started: true when it succeeded. */
  private static CompletableFuture<Boolean> subscribed;

  private QuitSignal() {}

  /**
   * Makes every later SIGQUIT run {@code onQuit} (replacing the action of an earlier call) on
   * the JVM's signal thread; the JVM still prints its thread dump on its own output first (the
   * launchers switch that output off). Returns false when the event cannot be had (no JNA, not
   * HotSpot's JVMTI): then SIGQUIT only prints the dump.
   */
  public static boolean handle(Runnable onQuit) {
    if (!start(false).join()) {
      return false;
    }
    action = onQuit;
    return true;
  }

  /**
   * Starts subscribing on a thread of its own, for a later {@link #handle} to find done: it
   * takes a few milliseconds (JNA's callback stub), which then stay off the caller's way.
   */
  public static void subscribeInBackground() {
    start(true);
  }

  private static synchronized CompletableFuture<Boolean> start(boolean inBackground) {
    if (subscribed == null) {
      subscribed = new CompletableFuture<>();
      if (inBackground) {
        Thread t = new Thread(QuitSignal::trySubscribe, "quit-signal");
        t.setDaemon(true);
        t.start();
      } else {
        trySubscribe();
      }
    }
    return subscribed;
  }

  private static void trySubscribe() {
    try {
      subscribe();
      subscribed.complete(true);
    } catch (RuntimeException | LinkageError e) {
      subscribed.complete(false);
    }
  }

  private static void subscribe() {
    int ps = Native.POINTER_SIZE;
    Pointer vm = createdJavaVm();
    Memory envOut = new Memory(ps);
    Function getEnv = Function.getFunction(vm.getPointer(0).getPointer((long) GET_ENV * ps));
    check("GetEnv", getEnv.invokeInt(new Object[] {vm, envOut, JVMTI_VERSION_1_2}));
    Pointer jvmti = envOut.getPointer(0);
    Pointer functions = jvmti.getPointer(0);

    DataDumpRequest onEvent = env -> run();
    int slots = DATA_DUMP_REQUEST - FIRST_EVENT + 1;
    Memory table = new Memory((long) slots * ps);
    table.clear();
    table.setPointer((long) (slots - 1) * ps, CallbackReference.getFunctionPointer(onEvent));
    // JVMTI copies as many callback slots as it is told and clears the rest.
    Function setCallbacks =
        Function.getFunction(functions.getPointer((long) SET_EVENT_CALLBACKS * ps));
    check("SetEventCallbacks", setCallbacks.invokeInt(new Object[] {jvmti, table, (int) table.size()}));
    Function setMode =
        Function.getFunction(functions.getPointer((long) SET_EVENT_NOTIFICATION_MODE * ps));
    check(
        "SetEventNotificationMode",
        setMode.invokeInt(new Object[] {jvmti, JVMTI_ENABLE, DATA_DUMP_REQUEST, null}));
    callback = onEvent;
  }

  /** The JVM this code runs in, from libjvm's JNI_GetCreatedJavaVMs. */
  private static Pointer createdJavaVm() {
    Function getVms;
    try {
      // The java launcher loads libjvm with RTLD_GLOBAL, so the process's symbols have it.
      getVms = NativeLibrary.getProcess().getFunction("JNI_GetCreatedJavaVMs");
    } catch (UnsatisfiedLinkError e) {
      Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
      getVms = NativeLibrary.getInstance(libjvm.toString()).getFunction("JNI_GetCreatedJavaVMs");
    }
    Memory vms = new Memory(Native.POINTER_SIZE);
    Memory count = new Memory(4);
    check("JNI_GetCreatedJavaVMs", getVms.invokeInt(new Object[] {vms, 1, count}));
    if (count.getInt(0) < 1) {
      throw new IllegalStateException("JNI_GetCreatedJavaVMs found no JVM");
    }
    return vms.getPointer(0);
  }

  private static void check(String call, int result) {
    if (result != JNI_OK) {
      throw new IllegalStateException(call + " returned " + result);
    }
  }

  private static void run() {
    Runnable a = action;
    try {
      if (a != null) {
        a.run();
      }
    } catch (RuntimeException e) {
      // An exception must not unwind into the JVM's signal thread; the action logs its own.
    }
  }
}
