#!/usr/bin/env python3
"""Recomputes the Mingjian audit chain from a JSON-lines dump of audit_log and checks it
against the checkpoints of an export (the signatures are checked separately, with openssl or
CheckpointVerifier). Usage: check_chain.py audit.jsonl checkpoints.json  (see ../README.md)."""
import hashlib, json, sys

def f(v):  # a netstring; NULL is "~"
    if v is None:
        return b"~"
    b = v.encode("utf-8")
    return str(len(b)).encode() + b":" + b + b","

def entry_hash(r):
    fields = [str(r["seq"]), r["at"], r["actor"], r["district"], r["action"],
              r["target"], r["details"], r["prev_hash"]]
    return hashlib.sha256(b"mingjian-audit-v1\n" + b"".join(map(f, fields))).hexdigest()

rows, export = sys.argv[1], sys.argv[2]
signed = {}  # seq -> head hashes signed for it
for cp in json.load(open(export, encoding="utf-8"))["checkpoints"]:
    signed.setdefault(cp["seq"], set()).add(cp["headHash"])
prev, seq = "0" * 64, 0
for line in open(rows, encoding="utf-8"):
    r = json.loads(line)
    seq += 1
    if r["seq"] != seq: sys.exit(f"missing seq {seq}")
    if r["prev_hash"] != prev: sys.exit(f"broken link at seq {seq}")
    if entry_hash(r) != r["hash"]: sys.exit(f"hash mismatch at seq {seq}")
    if signed.get(seq, {r["hash"]}) != {r["hash"]}: sys.exit(f"checkpoint mismatch at seq {seq}")
    prev = r["hash"]
if signed and max(signed) > seq: sys.exit(f"missing seq {seq + 1}: a checkpoint signed seq {max(signed)}")
print(f"{seq} entries intact, head {prev}, consistent with {len(signed)} signed seqs")
