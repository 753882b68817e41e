# pyspf (Debian's python3-spf) as a long-lived oracle: JSON lines in ({id, ip, sender, helo}), JSON lines out ({id, result}).
#
# pyspf has two DNS drivers and takes dnspython when it can import it, else pydns (python3-spf depends on
# "python3-dns | python3-dnspython", so apt picks pydns on a fresh machine and dnspython wherever another
# package brought it). They read a SERVFAIL differently (pydns: an empty answer over UDP; dnspython: a
# temporary error), so the same world gave softfail on one machine and temperror on the next (issue 16).
# The oracle therefore always runs dnspython (scripts/e2e/install.sh installs python3-dnspython) and
# refuses to start without it instead of silently comparing against the other driver.
import json
import sys

port = int(sys.argv[1])
try:
    import dns.resolver
except ImportError as e:
    print(json.dumps({"ready": False, "error": "cannot import dnspython (apt-get install python3-dnspython): %s" % e}), flush=True)
    sys.exit(0)
try:
    import spf
except ImportError as e:
    print(json.dumps({"ready": False, "error": "cannot import spf (apt-get install python3-spf): %s" % e}), flush=True)
    sys.exit(0)
if spf.DNSLookup is not spf.DNSLookup_dnspython:
    print(json.dumps({"ready": False, "error": "pyspf did not take its dnspython driver"}), flush=True)
    sys.exit(0)

# Time enough that a loaded machine never turns a slow loopback answer into a timeout: pyspf passes its
# per-lookup timeout as dnspython's lifetime, and dnspython asks again (same server) every `timeout` seconds
# within it. A SERVFAIL is not retried (retry_servfail stays False): it is an answer, read at once.
LIFETIME = 30
r = dns.resolver.Resolver(configure=False)
r.nameservers = ["127.0.0.1"]
r.port = port
r.timeout = 3
r.lifetime = LIFETIME
r.retry_servfail = False
dns.resolver.default_resolver = r
print(json.dumps({"ready": True, "version": spf.__version__, "driver": "dnspython %s" % dns.version.version}), flush=True)

for line in sys.stdin:
    if not line.strip():
        continue
    req = json.loads(line)
    try:
        # A fresh query per case: its DNS cache and lookup counters start empty. querytime=0: no overall
        # deadline across the lookups of one case, only the per-lookup lifetime above.
        q = spf.query(i=req["ip"], s=req["sender"], h=req["helo"], timeout=LIFETIME, querytime=0)
        result, _code, explanation = q.check()
        out = {"id": req["id"], "result": result, "detail": explanation}
    except Exception as e:  # pyspf's own assertion (recursion) or a bug: reported, never hidden
        out = {"id": req["id"], "result": "exception", "detail": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(out), flush=True)
