"""Slow clients against a running collector: N connections from 127.0.0.1 that send headers a
byte at a time (slowloris) or nothing at all, while an honest client asks /healthz twice a
second. Prints how long the collector let the slow ones hold a connection and how the honest
client fared. Run by slow-clients.sh; stdlib only.

usage: slow_clients.py URL CA_PEM [--slow N] [--seconds S]
"""

import argparse
import asyncio
import ssl
import statistics
import time
from urllib.parse import urlparse


async def slow(host, port, ctx, mode, held, stop):
    started = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection(host, port, ssl=ctx)
    except OSError:
        held.append(("refused", 0.0))
        return
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 10_000
    try:
        for byte in request if mode == "trickle" else []:
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(1.0)
            if stop.is_set():
                break
        # Waits for the collector to close (EOF) or for the run to end.
        while not stop.is_set():
            try:
                data = await asyncio.wait_for(reader.read(1024), timeout=1.0)
            except (asyncio.TimeoutError, TimeoutError):
                continue
            if not data:
                break
    except (ConnectionError, ssl.SSLError, OSError):
        pass
    finally:
        closed_by_server = not stop.is_set()
        held.append((mode if closed_by_server else f"{mode}-still-open", time.monotonic() - started))
        writer.close()


async def honest(host, port, ctx, latencies, failures, stop):
    while not stop.is_set():
        started = time.monotonic()
        try:
            # From another address, as an honest agent would be: the slow ones come from
            # 127.0.0.1 and meet the per-address cap.
            opening = asyncio.open_connection(host, port, ssl=ctx, local_addr=("127.0.0.2", 0))
            reader, writer = await asyncio.wait_for(opening, 5)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = await asyncio.wait_for(reader.read(), 5)
            writer.close()
            if answer.startswith(b"HTTP/1.1 200"):
                latencies.append((time.monotonic() - started) * 1000)
            else:
                failures.append(answer[:40])
        except (OSError, asyncio.TimeoutError, TimeoutError) as err:
            failures.append(repr(err))
        await asyncio.sleep(0.5)


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("ca")
    parser.add_argument("--slow", type=int, default=400, help="slow connections (half trickle, half silent)")
    parser.add_argument("--seconds", type=float, default=40)
    args = parser.parse_args()
    url = urlparse(args.url)
    ctx = ssl.create_default_context(cafile=args.ca)
    ctx.check_hostname = False
    stop = asyncio.Event()
    held, latencies, failures = [], [], []
    tasks = [asyncio.create_task(honest(url.hostname, url.port, ctx, latencies, failures, stop))]
    for i in range(args.slow):
        mode = "trickle" if i % 2 == 0 else "silent"
        tasks.append(asyncio.create_task(slow(url.hostname, url.port, ctx, mode, held, stop)))
        # Paced so the kernel's listen backlog, not the collector, is never what refuses.
        await asyncio.sleep(0.01)
    await asyncio.sleep(args.seconds)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    for mode in ("trickle", "silent", "trickle-still-open", "silent-still-open", "refused"):
        times = [t for m, t in held if m == mode]
        if times:
            print(f"{mode:20} {len(times):5} connections, held median {statistics.median(times):5.1f} s, max {max(times):5.1f} s")
    if latencies:
        latencies.sort()
        p50 = statistics.median(latencies)
        print(f"honest /healthz      {len(latencies):5} answered, median {p50:.1f} ms, max {latencies[-1]:.1f} ms, {len(failures)} failed")
    else:
        print(f"honest /healthz      none answered, {len(failures)} failed: {failures[:3]}")


asyncio.run(main())
