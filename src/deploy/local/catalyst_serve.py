"""Catalyst's launcher for a generated app run as a local process (it is not part of the app).

    python catalyst_serve.py main:app PORT LOG START_LOG        (run in the app's folder)

Its output goes to START_LOG (the deployer shows its tail when the start fails, undisturbed by
the running app's lines) until ``commit`` moves it to the target's LOG and appends START_LOG there.

A redeploy starts the new app beside the running one on the same port, so the target's URL
never changes and the old version keeps serving until the new one is healthy:

1. The app is imported first: an app that cannot even be imported exits before any port is bound.
2. PORT is bound with SO_REUSEPORT (the running app bound it the same way) and a reuseport
   steering program sends every new connection to the group's first socket (index 0), the app
   already serving: the kernel numbers a port's sockets in the order they started listening and
   moves the last one into a closed one's place, so with one app running it is 0 and the new
   one is 1. A private probe port (chosen by the kernel) is bound too, for the health check.
   Both are served by one uvicorn server. The probe port is reported on fd 3.
3. Commands arrive as lines on stdin, each answered on fd 3:
   ``takeover``: new connections on PORT come to this app (the deployer then stops the old one);
   ``commit``: the old app is gone, this one is the port's first socket; it stays so.
   End of stdin before ``commit`` (the deploy failed or its process died) stops this app, so a
   half-finished deploy never leaves a second app behind.

Sharing needs Linux (SO_REUSEPORT with SO_ATTACH_REUSEPORT_CBPF, Linux 4.5+). Elsewhere PORT is
bound as a plain listening socket and the commands only answer: Catalyst then never starts a
new app on a port another app still holds.
"""

import ctypes
import json
import logging
import os
import socket
import struct
import sys
import threading

HOST = "127.0.0.1"
# <asm-generic/socket.h> (x86, arm, riscv, ...); Python's socket module does not name it.
SO_ATTACH_REUSEPORT_CBPF = 51
BPF_RET_K = 0x06  # BPF_RET | BPF_K: return a constant
REPORT_FD = 3
SHARING = sys.platform.startswith("linux")

logger = logging.getLogger("uvicorn.error")


def report(event, **fields):
    """One JSON line to the deployer; nobody may be listening any more (a finished deploy)."""
    try:
        os.write(REPORT_FD, (json.dumps({"event": event, **fields}) + "\n").encode())
    except OSError:
        pass


def steer(sock, index):
    """New connections on the port go to the group's socket at `index` (out of range: spread by hash)."""
    if not SHARING:
        return
    insn = ctypes.create_string_buffer(struct.pack("HBBI", BPF_RET_K, 0, 0, index))
    prog = struct.pack("HP", 1, ctypes.addressof(insn))
    sock.setsockopt(socket.SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, prog)


def listen(port, shared):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if shared and SHARING:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((HOST, port))
    sock.listen(2048)
    return sock


def move_output(log, start_log):
    """From now on the output goes to the target's log, after what was written during the start."""
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        # Redirected first, so no line is lost (one written meanwhile may come before the copy).
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        with open(start_log, "rb") as started:
            os.write(fd, started.read())
        os.close(fd)
        os.unlink(start_log)
    except OSError as err:
        logger.warning("catalyst: could not move this app's output to %s (%s)", log, err.strerror)


def commands(server, stable, log, start_log):
    committed = False
    for line in sys.stdin:
        command = line.strip()
        if command == "takeover":
            steer(stable, 1)
            report("took-over")
        elif command == "commit":
            steer(stable, 0)
            committed = True
            move_output(log, start_log)
            report("committed")
            return
    if not committed:
        logger.info("catalyst: the deploy that started this app ended before it took over; stopping")
        server.should_exit = True


def main():
    if len(sys.argv) != 5:
        sys.stderr.write("usage: catalyst_serve.py MODULE:APP PORT LOG START_LOG\n")
        return 2
    target, port, log, start_log = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    sys.path.insert(0, os.getcwd())
    import uvicorn

    config = uvicorn.Config(target, host=HOST, port=port)
    config.load()  # an import error is logged and exits here, before any port is bound
    try:
        stable = listen(port, shared=True)
    except OSError as err:
        logger.error(
            "catalyst: cannot listen on %s:%d (%s): another program holds the port without sharing it",
            HOST,
            port,
            err.strerror,
        )
        return 1
    steer(stable, 0)  # the app already serving the port keeps all new connections for now
    probe = listen(0, shared=False)
    probe_port = probe.getsockname()[1]
    logger.info("catalyst: serving http://%s:%d (health probe on port %d)", HOST, port, probe_port)
    report("listening", probePort=probe_port)
    server = uvicorn.Server(config)
    threading.Thread(target=commands, args=(server, stable, log, start_log), daemon=True).start()
    server.run(sockets=[stable, probe])
    return 0


if __name__ == "__main__":
    sys.exit(main())
