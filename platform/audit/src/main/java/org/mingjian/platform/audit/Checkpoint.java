package org.mingjian.platform.audit;

import java.time.Instant;

/**
 * A signed statement "the audit chain had {@code seq} entries and the last one's hash was {@code
 * headHash} at {@code at}". Anyone holding the public key can check it, and a later rewrite of any
 * entry up to {@code seq} changes the hash at {@code seq}, so it no longer matches.
 *
 * @param seq the chain length signed (0 for an empty chain)
 * @param headHash the hash of entry {@code seq} (64 zeros for an empty chain)
 * @param at when it was signed (UTC, microsecond precision)
 * @param algorithm the signature algorithm, {@code Ed25519}
 * @param signature the Base64 signature over {@link CheckpointVerifier#message(long, String,
 *     Instant)}
 * @param publicKeyFingerprint hex SHA-256 of the signing public key's DER (X.509
 *     SubjectPublicKeyInfo) encoding
 */
public record Checkpoint(
    long seq,
    String headHash,
    Instant at,
    String algorithm,
    String signature,
    String publicKeyFingerprint) {}
