#!/usr/bin/env python3
"""A loopback HTTP server for the `curate links` benchmark rows: one listener on each of
127.0.0.2 ... 127.0.0.(N+1), every answer after DELAY seconds (keep-alive, HEAD and GET),
404 for paths containing "missing". Prints one `host:port` line per listener, then
serves until stdin closes.

    links_server.py HOSTS DELAY
"""
import asyncio
import sys


async def handle(reader, writer, delay):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line = head.split(b"\r\n", 1)[0].split(b" ")
            path = request_line[1] if len(request_line) > 1 else b"/"
            await asyncio.sleep(delay)
            status = b"404 Not Found" if b"missing" in path else b"200 OK"
            writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\nContent-Type: text/html\r\n\r\n")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def main():
    hosts, delay = int(sys.argv[1]), float(sys.argv[2])
    servers = []
    for index in range(hosts):
        host = f"127.0.0.{index + 2}"
        server = await asyncio.start_server(lambda r, w: handle(r, w, delay), host, 0, backlog=1024)
        servers.append(server)
        print(f"{host}:{server.sockets[0].getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)


asyncio.run(main())
