"""A bounded load test on loopback: N concurrent users on the manager pages and the API.

    .venv/bin/python bench/load_test.py --base http://127.0.0.1:8001 --users 50 --seconds 20 --token nv_…

Each user logs in as the demo manager ("leder") and loops over the front page, "absent now",
the people list, a person page, and (with --token) the API's absence list. Prints requests,
errors (any status >= 500, "database is locked" included), throughput and latency percentiles.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import statistics
import threading
import time
import urllib.parse
import urllib.request


def login(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    data = urllib.parse.urlencode(
        {"username": "leder", "password": "naervaer-demo", "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    request = urllib.request.Request(
        f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"}
    )
    opener.open(request).read()
    return opener


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8001")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--token", default="")
    args = parser.parse_args()

    first = login(args.base)
    person = re.search(r'href="/people/(\d+)/"', first.open(f"{args.base}/people/").read().decode())
    paths = ["/", "/absent/", "/people/", f"/people/{person.group(1) if person else 1}/"]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def user() -> None:
        opener = login(args.base)
        i = 0
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            request = urllib.request.Request(args.base + path)
            if args.token and i % 5 == 4:
                request = urllib.request.Request(
                    f"{args.base}/api/v1/absences?limit=50",
                    headers={"Authorization": f"Bearer {args.token}"},
                )
            started = time.perf_counter()
            try:
                with opener.open(request, timeout=30) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError as exc:
                status = 0
                with lock:
                    errors.append(str(exc))
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status >= 500:
                    errors.append(f"{status} {request.full_url}")
            i += 1

    threads = [threading.Thread(target=user) for _ in range(args.users)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    print(f"{args.users} users for {took:.0f} s: {len(latencies):,} requests, {len(errors)} errors")
    print(f"throughput: {len(latencies) / took:,.0f} requests/s")
    print(
        f"latency: median {q[49] * 1000:,.0f} ms, p95 {q[94] * 1000:,.0f} ms, max {latencies[-1] * 1000:,.0f} ms"
    )
    for e in errors[:5]:
        print("  error:", e)


if __name__ == "__main__":
    main()
