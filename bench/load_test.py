"""A bounded load test on loopback: N concurrent users on the manager pages and the API.

    .venv/bin/python bench/load_test.py --serve --users 50 --seconds 30          # demo database
    DATABASE_URL=postgres://… .venv/bin/python bench/load_test.py --serve --users 50

``--serve`` starts the production WSGI server (gunicorn, ``--workers`` processes) on the database
that ``DATABASE_URL`` names (the demo SQLite file by default), makes an API token for the demo
HR user, and stops both afterwards; without it, point ``--base`` at a running server.

Each user logs in as the demo manager ("leder") and loops over the front page, "absent now",
the people list, a person page and the API's absence list, waiting ``--think`` seconds between
requests (0 for a stress test). Prints requests, errors (any status >= 500 or a failed
connection; the server log is searched for "database is locked"), throughput and latency
percentiles.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def login(base: str, username: str = "leder") -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    data = urllib.parse.urlencode(
        {"username": username, "password": "naervaer-demo", "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    request = urllib.request.Request(
        f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"}
    )
    opener.open(request).read()
    return opener


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(workers: int, log: Path, timeout: int = 60) -> Iterator[tuple[str, str]]:
    """gunicorn on a free port, and a fresh API token; both gone afterwards."""
    env = {**os.environ, "NAERVAER_DEMO": "1"}
    made = subprocess.run(
        [BIN / "naervaer", "apitoken", "create", "--org", "demo", "--name", "load test"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    token = re.search(r"nv_\S+", made.stdout)
    assert token, made.stdout
    port = free_port()
    with open(log, "w") as out:
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "naervaer.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                "2",
                "--timeout",
                str(timeout),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(f"{base}/login/", timeout=5).read()
                    break
                time.sleep(0.1)
            yield base, token.group(0)
        finally:
            server.terminate()
            server.wait(timeout=30)
            subprocess.run(
                [BIN / "naervaer", "apitoken", "revoke", token.group(0)[:8]],
                env=env,
                capture_output=True,
                check=False,
                cwd=ROOT,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8001")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between requests")
    parser.add_argument("--token", default="")
    parser.add_argument("--serve", action="store_true", help="start gunicorn on DATABASE_URL")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    args = parser.parse_args()
    if not args.serve:
        run(args)
        return
    log = Path(tempfile.mkdtemp()) / "server.log"
    with served(args.workers, log) as (args.base, args.token):
        print(f"gunicorn with {args.workers} workers × 2 threads on {args.base}")
        run(args)
    locked = log.read_text().count("database is locked")
    print(f'server log: {locked} "database is locked"')


def run(args: argparse.Namespace) -> dict[str, list[float]]:
    first = login(args.base)
    person = re.search(r'href="/people/(\d+)/"', first.open(f"{args.base}/people/").read().decode())
    paths = ["/", "/absent/", "/people/", f"/people/{person.group(1) if person else 1}/"]
    if args.token:
        paths.append("/api/v1/absences?limit=50")
    # Logging in (a deliberately slow password hash) is not what is measured: all users log in
    # first, then the clock starts for everyone at once.
    openers = [login(args.base) for _ in range(args.users)]
    latencies: dict[str, list[float]] = {path: [] for path in paths}
    errors: list[str] = []
    lock = threading.Lock()
    go = threading.Barrier(args.users + 1)
    deadline = 0.0

    def user(n: int) -> None:
        opener = openers[n]
        go.wait()
        i = n  # users start at different pages
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            headers = {"Authorization": f"Bearer {args.token}"} if path.startswith("/api/") else {}
            request = urllib.request.Request(args.base + path, headers=headers)
            started = time.perf_counter()
            status = 0
            try:
                with opener.open(request, timeout=60) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError as exc:
                with lock:
                    errors.append(f"{path}: {exc}")
            elapsed = time.perf_counter() - started
            with lock:
                latencies[path].append(elapsed)
                if status >= 500 or status in (401, 403):
                    errors.append(f"{status} {path}")
            i += 1
            time.sleep(args.think)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
    for t in threads:
        t.start()
    started = time.monotonic()
    deadline = started + args.seconds
    go.wait()
    for t in threads:
        t.join()
    took = time.monotonic() - started
    every = sorted(x for xs in latencies.values() for x in xs)

    def summary(xs: list[float]) -> str:
        xs = sorted(xs)
        q = statistics.quantiles(xs, n=100) if len(xs) > 1 else xs * 100
        return (
            f"median {q[49] * 1000:6,.0f} ms · p95 {q[94] * 1000:6,.0f} ms · {len(xs):5,} requests"
        )

    print(
        f"{args.users} users, {args.think:g} s think time, {took:.0f} s: "
        f"{len(every):,} requests, {len(errors)} errors, {len(every) / took:,.1f} requests/s"
    )
    print(f"  {'all':<28} {summary(every)}")
    for path, xs in latencies.items():
        if xs:
            print(f"  {path:<28} {summary(xs)}")
    for e in errors[:5]:
        print("  error:", e)
    return latencies


if __name__ == "__main__":
    main()
