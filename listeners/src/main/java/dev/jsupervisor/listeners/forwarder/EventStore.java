package dev.jsupervisor.listeners.forwarder;

/** Where forwarded events are kept: returns only once a message is safely stored. */
public interface EventStore extends AutoCloseable {

  /** Why a message was not confirmed as stored. */
  final class StoreException extends Exception {
    public StoreException(String message) {
      super(message);
    }
  }

  /**
   * Stores {@code body} on {@code subject}; a second store with the same {@code messageId}
   * (within the store's de-duplication window) keeps one copy.
   *
   * @throws StoreException when the store is unreachable or did not confirm in time
   */
  void store(String subject, String messageId, byte[] body) throws StoreException;

  /**
   * {@link #store(String, String, byte[])} for the event with this pool serial, which a store
   * shared by several slots uses to keep their order; this default ignores it.
   */
  default void store(String subject, String messageId, byte[] body, long poolSerial)
      throws StoreException {
    store(subject, messageId, body);
  }

  /**
   * The largest body the store can take for {@code messageId}; a larger one could never be
   * stored. Unknown (not connected yet): {@link Integer#MAX_VALUE}.
   */
  default int maxBodyBytes(String messageId) {
    return Integer.MAX_VALUE;
  }

  /** Lets go of what the store holds for its caller (a subscription); the connection stays. */
  @Override
  default void close() {}
}
