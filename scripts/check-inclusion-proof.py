#!/usr/bin/env python3
"""Checks one audit row's inclusion proof against a signed checkpoint, without Custodia (issue 17 point 5; ADR 0028).

    custodia audit prove 42 --checkpoint checkpoint-1791-....json > row-42.json
    scripts/check-inclusion-proof.py row-42.json checkpoint-1791-....json checkpoint.key.pub

1. The row's hash is recomputed from its fields: SHA-256 over the previous row's hash, the time and the fields
   (user, role, action, resource, person number, establishment, address, outcome), each written as a JSON string
   (only `"`, `\\`, newline, carriage return and tab escaped by name, other controls as \\u00XX) or `null`, joined by commas.
2. Its Merkle leaf, SHA-256(0x00 || the 32 bytes of that hash), is walked up the proof to a root with RFC 9162's
   algorithm (section 2.1.3.2), and the root compared with the checkpoint's.
3. The checkpoint's Ed25519 signature is checked with the public key given (needs `cryptography` from PyPI; without
   it, the script says the signature was not checked).
Exit 0 when the row is proven in the checkpoint's tree; 1 otherwise. Standard library only, but for step 3.
"""
import base64, hashlib, json, sys


def text(value):
    if value is None:
        return "null"
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def row_hash(row):
    f = row["fields"]
    parts = [row["prev_hash"], row["occurred_at"], f["user"], f["role"], f["action"], f.get("resource"),
             f.get("person_number"), f.get("establishment_code"), f.get("address"), f["outcome"]]
    return hashlib.sha256(",".join(text(p) for p in parts).encode("utf-8")).hexdigest()


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_proof(index, size, leaf, proof):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__)
        return 1
    row = json.load(open(sys.argv[1]))
    checkpoint = json.load(open(sys.argv[2]))
    ok = True
    recomputed = row_hash(row)
    print(f"row {row['seq']}: hash {'matches its fields' if recomputed == row['hash'] else 'DOES NOT match its fields'}")
    ok &= recomputed == row["hash"]
    leaf = hashlib.sha256(b"\x00" + bytes.fromhex(row["hash"])).digest()
    size = checkpoint["tree_size"]
    root = root_from_proof(row["leaf_index"], size, leaf, [bytes.fromhex(h) for h in row["proof"]])
    included = root is not None and root.hex() == checkpoint["root_hash"] and row["leaf_index"] == row["seq"] - 1
    print(f"inclusion in the checkpoint's tree of {size} rows: {'proven' if included else 'NOT proven'}")
    ok &= included
    if len(sys.argv) == 4:
        try:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        except ImportError:
            print("signature: not checked (pip install cryptography)")
        else:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(open(sys.argv[3]).read().strip()))
            signed = f"{checkpoint['format']}\n{checkpoint['tree_size']}\n{checkpoint['root_hash']}\n{checkpoint['issued_at']}\n"
            try:
                key.verify(base64.b64decode(checkpoint["signature"]), signed.encode("utf-8"))
                print("signature: valid for the key given")
            except Exception:
                print("signature: INVALID for the key given")
                ok = False
    print("ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
