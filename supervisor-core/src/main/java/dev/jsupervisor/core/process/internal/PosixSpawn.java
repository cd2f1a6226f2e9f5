package dev.jsupervisor.core.process.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.jsupervisor.core.process.PosixException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/**
 * Starts a program with {@code posix_spawn} on three fresh pipes, the way supervisord's fork
 * leaves its child: stdin, stdout and stderr (or stdout again) are the pipes and nothing else is
 * inherited; the child leads a new process group in the daemon's session; no signal is blocked;
 * every signal has its default action except SIGPIPE and SIGXFSZ, which are ignored (supervisord's
 * Python runtime ignores both, and its children inherit that).
 */
public final class PosixSpawn {
  /**
   * The parent's ends of a started child's pipes; stderr is -1 when it shares stdout, stdin -1
   * when the child's fd 0 is a socket it was given.
   */
  public record Started(int pid, int stdinFd, int stdoutFd, int stderrFd) {}

  private static final Throwable UNAVAILABLE = probe();
  private static final Charset ENCODING =
      Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
  /** Read-only once built, so every spawn shares it. */
  private static final Memory ATTR = UNAVAILABLE == null ? attributes() : null;

  private PosixSpawn() {}

  /** Null when native spawning works here, else why not (non-glibc, old kernel, no JNA). */
  public static Throwable unavailable() {
    return UNAVAILABLE;
  }

  private static Throwable probe() {
    if (LibC.LINK_ERROR != null) {
      return LibC.LINK_ERROR;
    }
    try {
      LibC.close(ChildPoller.pidfdOpen((int) ProcessHandle.current().pid()));
      return null;
    } catch (PosixException e) {
      return e;
    }
  }

  private static Memory attributes() {
    Memory attr = new Memory(LibC.SPAWNATTR_SIZE);
    LibC.posix_spawnattr_init(attr);
    Memory none = new Memory(LibC.SIGSET_SIZE);
    LibC.sigemptyset(none);
    LibC.posix_spawnattr_setsigmask(attr, none);
    // Written bit by bit (signal n is bit n - 1 of the first word): sigfillset leaves out the
    // C library's own signals 32 and 33, and posix_spawn would hand those to the child ignored.
    Memory defaulted = new Memory(LibC.SIGSET_SIZE);
    LibC.sigemptyset(defaulted);
    defaulted.setLong(0, ~0L & ~(1L << (LibC.SIGPIPE - 1)) & ~(1L << (LibC.SIGXFSZ - 1)));
    LibC.posix_spawnattr_setsigdefault(attr, defaulted);
    LibC.posix_spawnattr_setpgroup(attr, 0);
    LibC.posix_spawnattr_setflags(
        attr,
        (short) (LibC.POSIX_SPAWN_SETPGROUP | LibC.POSIX_SPAWN_SETSIGDEF
            | LibC.POSIX_SPAWN_SETSIGMASK));
    // A signal ignored in the parent stays ignored across exec unless it is in the default set;
    // the JVM only catches these two (to ignore them), so ignoring them outright changes nothing
    // for it and hands the children supervisord's dispositions.
    Pointer ignore = new Pointer(1); // SIG_IGN
    LibC.signal(LibC.SIGPIPE, ignore);
    LibC.signal(LibC.SIGXFSZ, ignore);
    return attr;
  }

  /**
   * Starts {@code argv} (argv[0] is the executable's path) with exactly {@code environment}.
   *
   * @param stdinSocket a descriptor to give the child as its fd 0 instead of a stdin pipe (an
   *     fcgi-program's listening socket), or -1; it stays open in the parent
   * @throws PosixException naming the failed call and its errno (pipe2, posix_spawn)
   */
  public static Started start(
      List<String> argv, Map<String, String> environment, boolean mergeStderr, int stdinSocket)
      throws PosixException {
    String[] env = new String[environment.size()];
    int i = 0;
    for (Map.Entry<String, String> e : environment.entrySet()) {
      env[i++] = e.getKey() + "=" + e.getValue();
    }
    int[] stdin = null;
    int[] stdout = null;
    int[] stderr = null;
    Memory actions = new Memory(LibC.FILE_ACTIONS_SIZE);
    LibC.posix_spawn_file_actions_init(actions);
    Memory argvBlock = null;
    Memory envBlock = null;
    try {
      stdin = stdinSocket >= 0 ? null : pipe();
      stdout = pipe();
      stderr = mergeStderr ? null : pipe();
      // dup2 clears close-on-exec on the copy, so the socket reaches this child only.
      LibC.posix_spawn_file_actions_adddup2(actions, stdin == null ? stdinSocket : stdin[0], 0);
      LibC.posix_spawn_file_actions_adddup2(actions, stdout[1], 1);
      LibC.posix_spawn_file_actions_adddup2(actions, mergeStderr ? stdout[1] : stderr[1], 2);
      LibC.posix_spawn_file_actions_addclosefrom_np(actions, 3);
      int[] pid = new int[1];
      argvBlock = cStrings(argv.toArray(new String[0]));
      envBlock = cStrings(env);
      int error = LibC.posix_spawn(pid, argv.get(0), actions, ATTR, argvBlock, envBlock);
      if (error != 0) {
        throw new PosixException("posix_spawn", error);
      }
      // The child has its ends now; the parent keeps only the other ones.
      if (stdin != null) {
        LibC.close(stdin[0]);
      }
      LibC.close(stdout[1]);
      if (stderr != null) {
        LibC.close(stderr[1]);
      }
      return new Started(
          pid[0], stdin == null ? -1 : stdin[1], stdout[0], stderr == null ? -1 : stderr[0]);
    } catch (PosixException | RuntimeException e) {
      closePipes(stdin, stdout, stderr);
      throw e;
    } finally {
      LibC.posix_spawn_file_actions_destroy(actions);
      actions.close();
      if (argvBlock != null) {
        argvBlock.close();
      }
      if (envBlock != null) {
        envBlock.close();
      }
    }
  }

  /**
   * A NULL-terminated C array of C strings in one native block, which the caller closes as soon
   * as the call that reads it returns. JNA's StringArray gives every string a block of its own
   * that is freed only after the collector finds it and JNA's cleaner thread catches up: about
   * 20 per spawn, and the long soak (10,000 start/stop cycles) found 180,000 still waiting.
   */
  static Memory cStrings(String[] values) {
    long pointers = (values.length + 1L) * Native.POINTER_SIZE;
    byte[][] encoded = new byte[values.length][];
    long size = pointers;
    for (int i = 0; i < values.length; i++) {
      encoded[i] = values[i].getBytes(ENCODING);
      size += encoded[i].length + 1L;
    }
    Memory block = new Memory(size);
    long text = pointers;
    for (int i = 0; i < values.length; i++) {
      block.write(text, encoded[i], 0, encoded[i].length);
      block.setByte(text + encoded[i].length, (byte) 0);
      block.setPointer((long) i * Native.POINTER_SIZE, block.share(text));
      text += encoded[i].length + 1L;
    }
    block.setPointer((long) values.length * Native.POINTER_SIZE, null);
    return block;
  }

  private static int[] pipe() throws PosixException {
    int[] fds = new int[2];
    if (LibC.pipe2(fds, LibC.O_CLOEXEC) == -1) {
      throw new PosixException("pipe2", LibC.errno());
    }
    return fds;
  }

  private static void closePipes(int[]... pipes) {
    for (int[] pipe : pipes) {
      if (pipe != null) {
        LibC.close(pipe[0]);
        LibC.close(pipe[1]);
      }
    }
  }
}
