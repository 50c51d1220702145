package org.mingjian.platform.audit;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The append-only, hash-chained audit trail. Entries are never updated or deleted; each one carries
 * the hash of the one before, so changing, removing or inserting an entry breaks the chain ({@link
 * #verify()}), and signed {@link Checkpoint}s let an outside party prove later that history was not
 * rewritten.
 */
@ProviderType
public interface AuditLog {

  /**
   * Appends one event. Returns once the entry is committed and, on H2, forced to disk.
   *
   * @param event the event
   * @return the entry, with its seq and hash
   * @throws IllegalArgumentException when the event is malformed (see {@link AuditEvent})
   * @throws AuditException when it could not be appended; the audited action must then be treated
   *     as not audited
   */
  AuditEntry append(AuditEvent event);

  /**
   * Appends events in one transaction, with consecutive seqs in the given order: all of them or
   * none. Returns once they are committed and, on H2, forced to disk.
   *
   * @param events the events
   * @return the entries, in the same order
   * @throws IllegalArgumentException when an event is malformed; then none is appended
   * @throws AuditException when they could not be appended
   */
  List<AuditEntry> appendAll(List<AuditEvent> events);

  /**
   * @param query which entries
   * @param page the page number, from 0
   * @param size the page size, 1 to 1000
   * @return the page, newest first, and the number of matching entries
   */
  AuditPage search(AuditQuery query, int page, int size);

  /**
   * Checks the whole chain from entry 1: every hash recomputed, every link, no seq missing, and the
   * stored checkpoints against the chain. Streams the table; it does not hold it in memory.
   *
   * @return the result, with the first broken seq when the chain is broken
   */
  VerifyResult verify();

  /**
   * Signs the current head of the chain and stores the checkpoint.
   *
   * @return the checkpoint
   */
  Checkpoint checkpoint();

  /**
   * @return every stored checkpoint, oldest first
   */
  List<Checkpoint> checkpoints();

  /**
   * @return the checkpoint signing public key, X.509 SubjectPublicKeyInfo in PEM
   */
  String publicKeyPem();

  /**
   * @return a self-contained JSON document with the public key, the algorithm, the exact signed
   *     message of every checkpoint and its signature; see {@link CheckpointVerifier}
   */
  String exportCheckpoints();
}
