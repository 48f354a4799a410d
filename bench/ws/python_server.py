"""Python's websockets (Debian's 10.4, on asyncio) for bench/ws/compare.py:
/echo sends every message back, /room passes it to every other client with
websockets.broadcast(), as its documentation shows a broadcast.
    python3 python_server.py PORT"""
import asyncio
import sys

import websockets

ROOM = set()


async def handler(ws):
    if ws.path == "/echo":
        async for message in ws:
            await ws.send(message)
    elif ws.path == "/room":
        ROOM.add(ws)
        try:
            async for message in ws:
                websockets.broadcast((c for c in ROOM if c is not ws), message)
        finally:
            ROOM.discard(ws)
    else:
        await ws.close(1008, "no such path")


async def main(port):
    async with websockets.serve(handler, "127.0.0.1", port, max_size=16 * 1024 * 1024):
        print(f"listening on 127.0.0.1:{port}", flush=True)
        await asyncio.Future()


asyncio.run(main(int(sys.argv[1])))
