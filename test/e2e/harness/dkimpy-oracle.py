# dkimpy (Debian's python3-dkim) as an oracle: signs test messages and verifies them against a key record handed over directly (no DNS).
import base64
import json
import logging
import sys

try:
    import dkim
except ImportError as e:
    print(json.dumps({"ready": False, "error": "cannot import dkim (apt-get install python3-dkim): %s" % e}), flush=True)
    sys.exit(0)


class Collect(logging.Handler):
    """dkimpy says why a signature failed only in its log."""

    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


log = logging.getLogger("dkimpy-oracle")
log.setLevel(logging.DEBUG)
log.propagate = False
try:
    from importlib.metadata import version
    VERSION = version("dkimpy")
except Exception:  # the metadata is missing: the version is only for the log line
    VERSION = "?"
print(json.dumps({"ready": True, "version": VERSION}), flush=True)

for line in sys.stdin:
    if not line.strip():
        continue
    req = json.loads(line)
    out = {"id": req["id"]}
    try:
        if req["op"] == "sign":
            message = base64.b64decode(req["message"])
            algorithm = req["algorithm"].encode()
            sig = dkim.sign(message, req["selector"].encode(), req["domain"].encode(), req["privateKey"].encode(),
                            include_headers=[b"from", b"to", b"subject", b"date"], signature_algorithm=algorithm)
            out["message"] = base64.b64encode(sig + message).decode()
        else:
            record = req["record"].encode("utf-8", "surrogateescape")
            collect = Collect()
            log.handlers = [collect]
            # dnsfunc stands in for the TXT lookup: dkimpy's own get_txt joins the strings the same way.
            ok = dkim.verify(base64.b64decode(req["message"]), logger=log, dnsfunc=lambda name, timeout=5: record)
            out["result"] = "pass" if ok else "fail"
            out["detail"] = "; ".join(collect.lines[-2:])
    except Exception as e:  # an exception escaping dkim.verify is a rejection too; reported with its type
        out["result"] = "fail"
        out["detail"] = "exception %s: %s" % (type(e).__name__, e)
    print(json.dumps(out), flush=True)
