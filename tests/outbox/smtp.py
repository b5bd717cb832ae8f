"""A real SMTP server on a loopback port, small enough to read: it can accept mail, refuse connections or
hang after accepting one, so the outbox is tested against what mail servers really do."""

import socket
import threading


class MailServer:
    """`mode` is "accept" (speaks enough SMTP for smtplib), "hang" (accepts, never answers) or "down"
    (nothing listens: connections are refused). `messages` holds the DATA of each accepted mail."""

    def __init__(self):
        self.mode = "down"
        self.messages: list[str] = []
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener = None
        self._thread = None
        self._stop = threading.Event()

    def start(self, mode: str) -> None:
        self.stop()
        self.mode = mode
        if mode == "down":
            return
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.2)
        self._thread = threading.Thread(target=self._serve, args=(self._listener, self._stop), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            # The port is free only once the accepting thread has left accept() (Linux keeps it until then).
            self._thread.join()
            self._thread = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def _serve(self, listener: socket.socket, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._talk, args=(conn, stop), daemon=True).start()

    def _talk(self, conn: socket.socket, stop: threading.Event) -> None:
        with conn:
            if self.mode == "hang":
                stop.wait(30)
                return
            reader = conn.makefile("rb")
            conn.sendall(b"220 test ESMTP\r\n")
            for raw in reader:
                verb = raw.decode("ascii", "replace").strip().split(" ")[0].upper()
                if verb in ("EHLO", "HELO"):
                    conn.sendall(b"250-test\r\n250 8BITMIME\r\n")
                elif verb == "DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    lines = []
                    for line in reader:
                        if line in (b".\r\n", b".\n"):
                            break
                        lines.append(line)
                    self.messages.append(b"".join(lines).decode("utf-8", "replace"))
                    conn.sendall(b"250 queued\r\n")
                elif verb == "QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")
