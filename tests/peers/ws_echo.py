#!/usr/bin/python3
"""Python's websockets (Debian's python3-websockets) as a WebSocket echo
server on loopback, for netkit's client to talk to: every message comes
back as it came; the text "close CODE [REASON]" makes it close with that
code; "ping" makes it ping (the client must pong) and then say "pong came".
Prints 'listening on 127.0.0.1:PORT' once ready.

    ws_echo.py [--no-compress]
"""
import asyncio
import sys

import websockets


async def echo(ws, *_path):
    async for message in ws:
        if isinstance(message, str) and message.startswith("close "):
            _, code, *reason = message.split(" ", 2)
            await ws.close(int(code), reason[0] if reason else "")
            return
        if message == "ping":
            await asyncio.wait_for(await ws.ping(b"are you there"), 5)
            await ws.send("pong came")
            continue
        await ws.send(message)


async def main():
    compression = None if "--no-compress" in sys.argv else "deflate"
    async with websockets.serve(echo, "127.0.0.1", 0, compression=compression,
                                max_size=2 ** 24) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"listening on 127.0.0.1:{port}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
