"""Length-prefixed JSON messages over a Unix stream socket, with deadlines on the receiving side.

Every hop of the sandbox speaks this: pool <-> runner, runner <-> zygote, runner <-> sample. A frame is a
4-byte big-endian length and a JSON object (see codec). The receiver enforces a size cap and a deadline, so
a sample that floods or stalls the channel cannot stall the trusted side.
"""

from __future__ import annotations

import select
import socket
import struct
import time

from codegen_rlhf.sandbox.codec import CodecError, dumps, loads

MAX_FRAME = 16 * 1024 * 1024
_HEADER = struct.Struct(">I")


class ChannelClosed(EOFError):
    """The other end went away (exited, was killed, or closed the socket)."""


class ChannelTimeout(TimeoutError):
    """No complete message before the deadline."""


class Channel:
    def __init__(self, sock: socket.socket):
        self.sock = sock
        self._buffer = bytearray()

    @classmethod
    def from_fd(cls, fd: int) -> "Channel":
        return cls(socket.socket(fileno=fd))

    def fileno(self) -> int:
        return self.sock.fileno()

    def send(self, message: dict, fds: tuple[int, ...] = (), max_size: int = MAX_FRAME) -> None:
        data = dumps(message)
        if len(data) > max_size:
            raise CodecError(f"a message of {len(data):,} bytes is over the {max_size:,}-byte limit")
        frame = _HEADER.pack(len(data)) + data
        try:
            if fds:
                socket.send_fds(self.sock, [frame[:4]], list(fds))
                frame = frame[4:]
            self.sock.sendall(frame)
        except (BrokenPipeError, ConnectionResetError) as e:
            raise ChannelClosed(str(e)) from None

    def recv(self, deadline: float | None = None, max_size: int = MAX_FRAME) -> dict:
        """The next message; `deadline` is a time.monotonic() value (None waits forever)."""
        size = None
        while True:
            if size is None and len(self._buffer) >= 4:
                (size,) = _HEADER.unpack_from(self._buffer)
                if size > max_size:
                    raise CodecError(f"message of {size} bytes exceeds the {max_size}-byte cap")
            if size is not None and len(self._buffer) >= 4 + size:
                data = bytes(self._buffer[4 : 4 + size])
                del self._buffer[: 4 + size]
                return loads(data)
            self._fill(deadline)

    def recv_with_fds(self, max_fds: int = 1) -> tuple[dict, list[int]]:
        """A message and the descriptors sent with it (blocking). Reads exactly one frame, never ahead: a
        read past the frame could swallow the next frame's descriptors. Used by the zygote only."""
        header, fds, _, _ = socket.recv_fds(self.sock, 4, max_fds, socket.MSG_WAITALL)
        if len(header) < 4:
            raise ChannelClosed("peer closed")
        (size,) = _HEADER.unpack(header)
        if size > MAX_FRAME:
            raise CodecError(f"message of {size} bytes exceeds the {MAX_FRAME}-byte cap")
        body = bytearray()
        while len(body) < size:
            chunk = self.sock.recv(size - len(body))
            if not chunk:
                raise ChannelClosed("peer closed")
            body += chunk
        return loads(bytes(body)), fds

    def _fill(self, deadline: float | None) -> None:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.sock], [], [], remaining)[0]:
                raise ChannelTimeout()
        try:
            chunk = self.sock.recv(1 << 16)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            raise ChannelClosed("peer closed")
        self._buffer += chunk

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

