"""A bounded load test on loopback: N concurrent users on the manager's pages, or on HR's.

    .venv/bin/python bench/load_test.py --serve --users 50 --seconds 60        # demo database
    .venv/bin/python bench/load_test.py --serve --employees 20000 --users 50   # bench data set
    .venv/bin/python bench/load_test.py --serve --employees 20000 --role hr
    DATABASE_URL=postgres://… .venv/bin/python bench/load_test.py --serve --employees 20000

``--serve`` starts the production WSGI server (gunicorn, ``--workers`` processes × ``--threads``)
as its own process on the database that ``DATABASE_URL`` names (the demo SQLite file by
default; with ``--employees``, the data set of ``bench/dataset.py`` with the follow-up of 15 %
of the people, built when missing), makes an API token for the demo HR user, and stops both
afterwards; without it, point ``--base`` at a running server (then every user is "leder").

``--role manager``: each user is a different manager, the leader of one of the units with the
most people (``bench-leder-<n>`` logins are made for them; the demo's "leder" is the first), and
loops over their own pages: the front page, "absent now", the people list, one of their people,
the follow-up list, one of their follow-up cases, their team's statistics, their reminders
(the calendar feed) and the API's absence list as a payroll system polls it (what reaches
into the last week; left out with ``--skip "/api/v1/absences (API)"``). ``--role hr``: every
user is the demo's HR user on the same pages of the whole organisation. A user waits
``--think`` seconds between requests (0 for a stress test). Prints requests, errors (a status
>= 400, a redirect to the login, a failed connection; the server log is searched for
"database is locked"), throughput, the machine's load average, the CPU time a request costs
gunicorn (and a local PostgreSQL), the load generator's own CPU time (its users are threads
on the same cores), and latency percentiles (p50, p95, p99) per page.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.cookiejar
import os
import pwd
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# With --employees, the follow-up of this share of the people is added to the data set once.
FOLLOW_UP_SHARE = 0.15
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
def served(
    workers: int, log: Path, timeout: int = 60, threads: int = 2
) -> Iterator[tuple[str, str]]:
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
                str(threads),
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
            os.environ["NAERVAER_LOAD_TEST_SERVER_PID"] = str(server.pid)
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


@dataclass(frozen=True)
class Scenario:
    """One simulated user: who logs in, and the pages (name, path) they loop over."""

    username: str
    pages: tuple[tuple[str, str], ...]
    cookie: str = ""  # a session made in-process ("name=key"), or "" to log in over HTTP


def scenarios(role: str, users: int) -> list[Scenario]:
    """The users of a load test, from the database of ``DATABASE_URL`` (Django in this process;
    its connection is closed again before the server starts)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.settings")
    os.environ["NAERVAER_DEMO"] = "1"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import connection

    try:
        logins = ["hr"] * users if role == "hr" else _manager_logins(users)
        return [_scenario(username) for username in logins]
    finally:
        connection.close()


def _manager_logins(count: int) -> list[str]:
    """The demo's "leder", then logins for the leaders of the leaf units with the most people."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count, Q
    from django.utils import timezone

    from naervaer.demo.generator import DEMO_PASSWORD
    from naervaer.people.models import Organisation, UnitLeadership, User

    org = Organisation.objects.get(slug="demo")
    today = timezone.localdate()
    leaderships = (
        UnitLeadership.objects.filter(unit__organisation=org, unit__children__isnull=True)
        .annotate(
            staff=Count(
                "unit__employments",
                filter=Q(unit__employments__end__isnull=True)
                | Q(unit__employments__end__gte=today),
            )
        )
        .select_related("person__user")
        .order_by("-staff", "pk")
    )
    logins = ["leder"]
    password = make_password(DEMO_PASSWORD)  # hashed once: the hash is deliberately slow
    for leadership in leaderships:
        if len(set(logins)) >= count:
            break
        person = leadership.person
        if person.user is None:
            person.user = User.objects.create(
                username=f"bench-leder-{person.pk}", password=password, organisation=org
            )
            person.save(update_fields=["user"])
        logins.append(person.user.username)
    unique = list(dict.fromkeys(logins))
    return [unique[i % len(unique)] for i in range(count)]


def _scenario(username: str) -> Scenario:
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client

    from naervaer.access import cases_visible_to, people_managed_by, viewer_for
    from naervaer.followup.calendar_feed import feed_for
    from naervaer.people.models import User

    user = User.objects.get(username=username)
    viewer = viewer_for(user)
    person = people_managed_by(viewer).annotate(n=Count("spells")).order_by("-n", "pk").first()
    case = cases_visible_to(viewer).order_by("-first_day", "pk").first()
    pages = [
        ("front page", "/"),
        ("absent now", "/absent/"),
        ("people", "/people/"),
        ("follow-up list", "/follow-up/"),
        ("statistics", "/statistics/"),
        ("reminders (calendar feed)", f"/calendar/{feed_for(user).token}.ics"),
    ]
    if person is not None:
        pages.append(("a person", f"/people/{person.pk}/"))
    if case is not None:
        pages.append(("a follow-up case", f"/cases/{case.pk}/"))
    # A session made here, as a login would make it: fifty logins over HTTP cost fifty slow
    # password hashes, which on a loaded machine took minutes before the test could start.
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return Scenario(username, tuple(pages), cookie)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8001")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between requests")
    parser.add_argument("--token", default="")
    parser.add_argument("--serve", action="store_true", help="start gunicorn on DATABASE_URL")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=2, help="gunicorn's threads per worker")
    parser.add_argument("--role", choices=["manager", "hr"], default="manager")
    parser.add_argument(
        "--employees", type=int, default=0, help="use bench/dataset.py's data set of this size"
    )
    parser.add_argument(
        "--skip", action="append", default=[], help='leave out a page by name, e.g. "statistics"'
    )
    args = parser.parse_args()
    if not args.serve:
        run(args)
        return
    if args.employees:
        from dataset import SPELL_RATE, configure, describe, prepare

        configure(args.employees, None)
        describe(prepare(args.employees, 5, SPELL_RATE, follow_up=FOLLOW_UP_SHARE))
    args.scenarios = [
        Scenario(u.username, tuple((n, p) for n, p in u.pages if n not in args.skip), u.cookie)
        for u in scenarios(args.role, args.users)
    ]
    log = Path(tempfile.mkdtemp()) / "server.log"
    with served(args.workers, log, threads=args.threads) as (args.base, args.token):
        print(f"gunicorn with {args.workers} workers × {args.threads} threads on {args.base}")
        run(args)
    locked = log.read_text().count("database is locked")
    print(f'server log: {locked} "database is locked"')


def run(args: argparse.Namespace) -> dict[str, list[float]]:
    """The load test against ``args.base``; the latencies in seconds by page name."""
    users: list[Scenario] = getattr(args, "scenarios", None) or [_scraped(args.base)] * args.users
    # What a system that keeps a copy asks for each time: what reaches into the last week.
    since = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=7)).isoformat()
    api = ("/api/v1/absences (API)", f"/api/v1/absences?since={since}&limit=50")
    if args.token and api[0] not in getattr(args, "skip", []):
        users = [Scenario(u.username, (*u.pages, api), u.cookie) for u in users]
    # Logging in (a deliberately slow password hash) is not what is measured: users without a
    # session made in-process log in first, all warm up, then the clock starts for everyone.
    openers = [
        urllib.request.build_opener() if u.cookie else login(args.base, u.username) for u in users
    ]
    logins = {u.username for u in users}
    names = list(dict.fromkeys(name for u in users for name, _ in u.pages))
    latencies: dict[str, list[float]] = {name: [] for name in names}
    errors: dict[str, list[str]] = {name: [] for name in names}
    lock = threading.Lock()
    go = threading.Barrier(len(users) + 1)  # passed twice: warmed up, then go
    deadline = 0.0

    def fetch(n: int, path: str) -> str:
        """What went wrong, or an empty string when the page came."""
        headers = {"Authorization": f"Bearer {args.token}"} if path.startswith("/api/") else {}
        if users[n].cookie:
            headers["Cookie"] = users[n].cookie
        request = urllib.request.Request(args.base + path, headers=headers)
        try:
            with openers[n].open(request, timeout=120) as response:
                response.read()
                return "redirected to the login" if "/login/" in response.geturl() else ""
        except urllib.error.HTTPError as exc:
            return f"HTTP {exc.code}"
        except OSError as exc:
            return str(exc)

    def user(n: int) -> None:
        pages = users[n].pages
        for _name, path in pages:  # warm up: the server's first requests import and connect
            fetch(n, path)
        go.wait()
        go.wait()
        i = n  # users start at different pages
        while time.monotonic() < deadline:
            name, path = pages[i % len(pages)]
            started = time.perf_counter()
            failure = fetch(n, path)
            elapsed = time.perf_counter() - started
            with lock:
                latencies[name].append(elapsed)
                if failure:
                    errors[name].append(f"{failure}: {path}")
            i += 1
            time.sleep(args.think)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(len(users))]
    for t in threads:
        t.start()
    go.wait()  # every user has warmed up
    load_before = os.getloadavg()
    cpu_before = server_cpu_seconds()
    database_before = database_cpu_seconds()
    own_before = time.process_time()
    started = time.monotonic()
    deadline = started + args.seconds
    go.wait()
    for t in threads:
        t.join()
    took = time.monotonic() - started
    cpu = server_cpu_seconds() - cpu_before
    own = time.process_time() - own_before
    database = sum(t - database_before.get(pid, 0.0) for pid, t in database_cpu_seconds().items())
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        database = 0.0  # another program's PostgreSQL
    every = [x for xs in latencies.values() for x in xs]
    failed = sum(len(e) for e in errors.values())
    print(
        f"{len(users)} users ({len(logins)} different logins), {args.think:g} s think time, "
        f"{took:.0f} s: {len(every):,} requests, {failed} errors, "
        f"{len(every) / took:,.1f} requests/s; load average before "
        f"{' / '.join(f'{x:.1f}' for x in load_before)}, after "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    if cpu > 0:
        # On a shared machine latency is mostly queueing; the server's own CPU time per request
        # says what the code costs, and how many requests/s two idle cores would serve.
        print(
            f"  server CPU time {cpu:,.1f} s = {cpu * 1000 / max(len(every), 1):,.0f} ms a request "
            f"(gunicorn's processes; the database's own work not counted on PostgreSQL)"
        )
    if database > 0:
        print(
            f"  PostgreSQL's CPU time (its processes on this machine) {database:,.1f} s = "
            f"{database * 1000 / max(len(every), 1):,.0f} ms a request"
        )
    # The users are threads of this process, on the same cores as the server.
    print(f"  the load generator's own CPU time: {own:,.1f} s")
    print(f"  {'page':<28} {'p50':>8} {'p95':>8} {'p99':>8} {'requests':>9} {'errors':>7}")
    print(f"  {'all':<28} {_percentiles(every)} {len(every):9,} {failed:7}")
    for name, xs in latencies.items():
        if xs:
            print(f"  {name:<28} {_percentiles(xs)} {len(xs):9,} {len(errors[name]):7}")
    for e in [e for es in errors.values() for e in es][:5]:
        print("  error:", e)
    return latencies


def server_cpu_seconds() -> float:
    """User + system CPU time of the gunicorn started by ``served`` and its workers (Linux)."""
    pid = os.environ.get("NAERVAER_LOAD_TEST_SERVER_PID")
    if not pid or not Path(f"/proc/{pid}").exists():
        return 0.0
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0.0
    for p in [pid, *children]:
        with contextlib.suppress(OSError):
            total += process_cpu_seconds(p)
    return total


def database_cpu_seconds() -> dict[str, float]:
    """User + system CPU time so far of each process of a PostgreSQL server on this machine
    (owned by the ``postgres`` user; Linux), by process id. A connection's process lives as
    long as gunicorn keeps the connection (``CONN_MAX_AGE``), so it is there at both ends."""
    try:
        uid = pwd.getpwnam("postgres").pw_uid
    except KeyError:
        return {}
    used = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if proc.stat().st_uid == uid:
                used[proc.name] = process_cpu_seconds(proc.name)
    return used


def process_cpu_seconds(pid: str) -> float:
    """User + system CPU time so far of the process ``pid`` (Linux; OSError once it is gone)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _percentiles(xs: list[float]) -> str:
    """p50, p95 and p99 in milliseconds."""
    q = statistics.quantiles(sorted(xs), n=100) if len(xs) > 1 else xs * 99
    return " ".join(f"{q[i] * 1000:5,.0f} ms" for i in (49, 94, 98))


def _scraped(base: str) -> Scenario:
    """The demo manager's pages, found on a running server's people list."""
    page = login(base).open(f"{base}/people/").read().decode()
    person = re.search(r'href="/people/(\d+)/"', page)
    pages = [("front page", "/"), ("absent now", "/absent/"), ("people", "/people/")]
    pages.append(("a person", f"/people/{person.group(1) if person else 1}/"))
    return Scenario("leder", tuple(pages))


if __name__ == "__main__":
    main()
