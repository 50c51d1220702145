package org.mingjian.platform.audit;

/**
 * The outcome of checking the audit chain.
 *
 * @param valid whether every entry, link and stored checkpoint checked out
 * @param entries how many entries were checked and found good
 * @param firstBrokenSeq the first seq where the chain is broken, or {@code null} when valid
 * @param headHash the hash of the last good entry (64 zeros when there is none)
 * @param reason {@code null} when valid, otherwise the kind of break followed by a colon and
 *     details: {@code hash mismatch} (an entry's content does not give its hash), {@code broken
 *     link} (an entry's previous hash is not the hash of the entry before it), {@code missing seq}
 *     (an entry is absent: a gap, or entries after the last one the platform wrote or signed are
 *     gone), {@code checkpoint mismatch} (a signed checkpoint names another hash at its seq) or
 *     {@code checkpoint signature invalid} (a stored checkpoint was altered)
 */
public record VerifyResult(
    boolean valid, long entries, Long firstBrokenSeq, String headHash, String reason) {}
