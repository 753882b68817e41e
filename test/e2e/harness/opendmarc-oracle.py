# OpenDMARC's library (Debian's libopendmarc2) as an oracle through ctypes: policy discovery, organizational domains and
# report authorisation. Run inside a network namespace of its own (unshare --net): its resolver asks a DNS responder in
# this process on the namespace's loopback, so nothing it asks can leave the machine.
import ctypes
import ctypes.util
import fcntl
import json
import socket
import struct
import sys
import threading

psl = sys.argv[1].encode()


def fail(message):
    print(json.dumps({"ready": False, "error": message}), flush=True)
    sys.exit(0)


try:
    import dns.message
    import dns.rcode
    import dns.rdataclass
    import dns.rdatatype
    import dns.rrset
except ImportError as e:
    fail("cannot import dnspython (apt-get install python3-dnspython): %s" % e)
try:
    lib = ctypes.CDLL("libopendmarc.so.2")
except OSError as e:
    fail("cannot load libopendmarc.so.2 (apt-get install opendmarc): %s" % e)

# Bring the namespace's loopback up (SIOCGIFFLAGS / SIOCSIFFLAGS, IFF_UP) and make sure it is all there is.
ctl = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flags = struct.unpack("16sH", fcntl.ioctl(ctl, 0x8913, struct.pack("16sH", b"lo", 0)))[1]
fcntl.ioctl(ctl, 0x8914, struct.pack("16sH", b"lo", flags | 1))
interfaces = sorted(name for _, name in socket.if_nameindex())

zone = {}


def serve(sock):
    """A DNS responder for the current zone: TXT records by name, NXDOMAIN for names without any."""
    while True:
        data, peer = sock.recvfrom(4096)
        try:
            query = dns.message.from_wire(data)
            response = dns.message.make_response(query)
            question = query.question[0]
            name = question.name.to_text().rstrip(".").lower()
            records = zone.get(name)
            if records is None:
                response.set_rcode(dns.rcode.NXDOMAIN)
            elif question.rdtype == dns.rdatatype.TXT:
                texts = [" ".join('"%s"' % s.replace("\\", "\\\\").replace('"', '\\"') for s in strings) for strings in records]
                response.answer.append(dns.rrset.from_text(question.name, 60, dns.rdataclass.IN, dns.rdatatype.TXT, *texts))
            sock.sendto(response.to_wire(), peer)
        except Exception:  # a malformed question gets no answer, as from a real server
            continue


responder = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
responder.bind(("127.0.0.1", 0))
port = responder.getsockname()[1]
threading.Thread(target=serve, args=(responder,), daemon=True).start()


class SockaddrIn(ctypes.Structure):
    _fields_ = [("family", ctypes.c_ushort), ("port", ctypes.c_ushort), ("addr", ctypes.c_uint8 * 4), ("zero", ctypes.c_uint8 * 8)]


class LibInit(ctypes.Structure):
    # dmarc.h OPENDMARC_LIB_T; MAXPATHLEN is glibc's PATH_MAX (4096) and MAXNS 3.
    _fields_ = [("tld_type", ctypes.c_int), ("tld_source_file", ctypes.c_char * 4096), ("nscount", ctypes.c_int), ("nsaddr_list", SockaddrIn * 3)]


init = LibInit()
init.tld_type = 1  # OPENDMARC_TLD_TYPE_MOZILLA
init.tld_source_file = psl
init.nscount = 1
init.nsaddr_list[0].family = socket.AF_INET
init.nsaddr_list[0].port = socket.htons(port)
init.nsaddr_list[0].addr[:] = [127, 0, 0, 1]
status = lib.opendmarc_policy_library_init(ctypes.byref(init))
if status != 0:
    fail("opendmarc_policy_library_init: %d" % status)
lib.opendmarc_policy_connect_init.restype = ctypes.c_void_p
lib.opendmarc_policy_connect_init.argtypes = [ctypes.c_char_p, ctypes.c_int]
for name in ["opendmarc_policy_store_from_domain", "opendmarc_policy_query_dmarc", "opendmarc_policy_query_dmarc_xdomain"]:
    getattr(lib, name).argtypes = [ctypes.c_void_p, ctypes.c_char_p]
lib.opendmarc_get_policy_to_enforce.argtypes = [ctypes.c_void_p]
lib.opendmarc_policy_connect_shutdown.argtypes = [ctypes.c_void_p]
lib.opendmarc_get_tld.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
lib.opendmarc_policy_status_to_str.restype = ctypes.c_char_p

# DMARC_POLICY_* of opendmarc_get_policy_to_enforce with no passing SPF or DKIM: what failing mail gets.
ENFORCED = {14: None, 16: "reject", 17: "quarantine", 18: "none"}

# The responder must be the one answering: a name only it knows has to resolve.
zone = {"_dmarc.oracle-sentinel.test": [["v=DMARC1; p=reject"]]}
probe = lib.opendmarc_policy_connect_init(b"192.0.2.1", 0)
lib.opendmarc_policy_store_from_domain(probe, b"oracle-sentinel.test")
sentinel = lib.opendmarc_policy_query_dmarc(probe, b"oracle-sentinel.test")
lib.opendmarc_policy_connect_shutdown(probe)
if sentinel != 0:
    fail("OpenDMARC did not reach the loopback responder (status %d)" % sentinel)
print(json.dumps({"ready": True, "version": "libopendmarc.so.2", "interfaces": interfaces}), flush=True)

for line in sys.stdin:
    if not line.strip():
        continue
    req = json.loads(line)
    out = {"id": req["id"]}
    zone = {name.lower(): records for name, records in (req.get("zone") or {}).items()}
    try:
        if req["op"] == "org":
            buf = ctypes.create_string_buffer(256)
            rc = lib.opendmarc_get_tld(req["name"].encode(), buf, 256)
            out["org"] = buf.value.decode() if rc == 0 else None
        else:
            pctx = lib.opendmarc_policy_connect_init(b"192.0.2.1", 0)
            domain = req["domain"].encode()
            lib.opendmarc_policy_store_from_domain(pctx, domain)
            if req["op"] == "report":
                rc = lib.opendmarc_policy_query_dmarc_xdomain(pctx, req["uri"].encode())
                out["result"] = "authorized" if rc == 0 else "unauthorized"
                out["detail"] = lib.opendmarc_policy_status_to_str(rc).decode()
            else:
                rc = lib.opendmarc_policy_query_dmarc(pctx, domain)
                out["detail"] = lib.opendmarc_policy_status_to_str(rc).decode()
                out["policy"] = ENFORCED.get(lib.opendmarc_get_policy_to_enforce(pctx)) if rc == 0 else None
            lib.opendmarc_policy_connect_shutdown(pctx)
    except Exception as e:  # reported, never hidden
        out["policy"] = None
        out["detail"] = "exception %s: %s" % (type(e).__name__, e)
    print(json.dumps(out), flush=True)
