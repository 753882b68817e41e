# pyspf (Debian's python3-spf) as a long-lived oracle: JSON lines in ({id, ip, sender, helo}), JSON lines out ({id, result}).
import json
import sys

port = int(sys.argv[1])
# pyspf prefers dnspython when it is installed, else pydns (Debian's python3-dns, what python3-spf pulls in).
# The deviations in pyspf-deviations.ts are pydns's; python3-dkim (the DKIM differential test) brings
# dnspython along, so keep pyspf on pydns by hiding dnspython from this process.
sys.modules["dns"] = None
try:
    import spf
except ImportError as e:
    print(json.dumps({"ready": False, "error": "cannot import spf (apt-get install python3-spf): %s" % e}), flush=True)
    sys.exit(0)
# pyspf uses dnspython when it is installed, else pydns (Debian's python3-dns): point either at the loopback server.
try:
    import dns.resolver
    r = dns.resolver.Resolver(configure=False)
    r.nameservers = ["127.0.0.1"]
    r.port = port
    dns.resolver.default_resolver = r
    driver = "dnspython"
except ImportError:
    import DNS
    DNS.defaults["server"] = ["127.0.0.1"]
    DNS.defaults["port"] = port
    driver = "pydns"
print(json.dumps({"ready": True, "version": spf.__version__, "driver": driver}), flush=True)

for line in sys.stdin:
    if not line.strip():
        continue
    req = json.loads(line)
    try:
        # A fresh query per case: its DNS cache and lookup counters start empty.
        q = spf.query(i=req["ip"], s=req["sender"], h=req["helo"], timeout=5, querytime=0)
        result, _code, explanation = q.check()
        out = {"id": req["id"], "result": result, "detail": explanation}
    except Exception as e:  # pyspf's own assertion (recursion) or a bug: reported, never hidden
        out = {"id": req["id"], "result": "exception", "detail": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(out), flush=True)
