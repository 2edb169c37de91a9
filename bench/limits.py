"""What limits a load run (bench/load.py): sampled once a second while the simulated people browse.

- CPU: the machine's busy share (/proc/stat), the load average, and the CPU each group of processes
  used (gunicorn and its workers, the task worker, the PostgreSQL cluster, the bench itself), from
  /proc/<pid>/stat of the group's live processes — their own time and that of the children they
  reaped, so a backend that ended between two samples still counts. What the machine did beyond
  these is someone else's (the machine is shared).
- The database: pg_stat_activity (the backends running a statement, those waiting for a lock), and
  pg_stat_statements' top statements by total time when the cluster loads it (the throwaway one
  does; a database named by DATABASE_URL may not, and is then left out).
- Queueing: the client's time minus the server's for the same request (the access log's %(D)s,
  matched by a request id), i.e. the wait for a free gunicorn worker and the network.
"""

import contextlib
import os
import threading
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, int]]:
    """{pid: (parent pid, CPU ticks of it and its reaped children)} of every live process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        fields = text[text.rindex(")") + 2 :].split()
        # after the name: state, ppid, … utime (14th field of the line), stime, cutime, cstime
        found[int(entry.name)] = (int(fields[1]), sum(int(value) for value in fields[11:15]))
    return found


def _tree_ticks(processes: dict[int, tuple[int, int]], root: int, others: set[int]) -> int:
    """The ticks of `root` and its descendants, leaving out the trees of `others` (another group's)."""
    children: dict[int, list[int]] = {}
    for pid, (parent, _ticks) in processes.items():
        children.setdefault(parent, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in processes and (pid == root or pid not in others):
            total += processes[pid][1]
            stack.extend(children.get(pid, []))
    return total


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0.0


def _machine() -> tuple[int, int]:
    """(busy ticks, all ticks) of every core since boot."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values[:8]) - idle, sum(values[:8])


class Watch:
    """Samples in a thread of its own between start() and stop(); summary() is the text to print.
    `groups` is {label: root pid}; `database_url` a PostgreSQL URL or ''."""

    def __init__(self, groups: dict[str, int], database_url: str = ""):
        self.groups = groups
        self.database_url = database_url
        self.samples: list[dict] = []
        self.statements: list[tuple] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.connection = None
        self.has_statements = False

    # --- the database ---------------------------------------------------------------------------

    def _connect(self):
        if not self.database_url.startswith("postgres"):
            return
        import psycopg2

        try:
            self.connection = psycopg2.connect(self.database_url)
        except psycopg2.Error:
            return
        self.connection.set_session(autocommit=True)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
                cursor.execute("SELECT pg_stat_statements_reset()")
            self.has_statements = True
        except psycopg2.Error:  # not loaded (shared_preload_libraries), or no right to create it
            pass

    def _activity(self) -> dict:
        if self.connection is None:
            return {}
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FILTER (WHERE state = 'active'), "
                "count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'), "
                "count(*) FILTER (WHERE state = 'idle in transaction'), "
                "string_agg(wait_event_type || ':' || wait_event, ',') FILTER (WHERE state = 'active') "
                "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            active, waiting, in_transaction, events = cursor.fetchone()
        return {"active": active, "lock_waits": waiting, "idle_in_transaction": in_transaction, "events": events}

    def _top_statements(self) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT calls, total_exec_time, mean_exec_time, query FROM pg_stat_statements "
                "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "AND query NOT LIKE '%pg_stat_%' "  # the watch's own
                "ORDER BY total_exec_time DESC"
            )
            return cursor.fetchall()

    # --- sampling -------------------------------------------------------------------------------

    def _sample(self) -> dict:
        processes = _processes()
        sample = {
            "at": time.monotonic(),
            "machine": _machine(),
            "load": os.getloadavg()[0],
            "groups": {
                label: _tree_ticks(processes, pid, set(self.groups.values()) - {pid})
                for label, pid in self.groups.items()
            },
        }
        with contextlib.suppress(Exception):  # a failed look at the database costs only its figures
            sample.update(self._activity())
        return sample

    def _run(self):
        while not self.stopping.wait(1.0):
            self.samples.append(self._sample())

    def start(self):
        self._connect()
        self.samples.append(self._sample())
        self.thread.start()

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=10)
        self.samples.append(self._sample())
        if self.has_statements:
            with contextlib.suppress(Exception):
                self.statements = self._top_statements()
        if self.connection is not None:
            self.connection.close()

    # --- the text -------------------------------------------------------------------------------

    def summary(self, queue_waits: list[float], page_times: list[float], server_page_times: list[float]) -> list[str]:
        """The figures as lines of text; the three lists are the pages' waits, client times and server
        times in milliseconds."""
        lines = []
        first, last = self.samples[0], self.samples[-1]
        seconds = max(last["at"] - first["at"], 0.001)
        cores = os.cpu_count() or 1
        busy = last["machine"][0] - first["machine"][0]
        every = max(last["machine"][1] - first["machine"][1], 1)
        used = {label: (last["groups"][label] - first["groups"][label]) / TICKS / seconds for label in self.groups}
        machine_cores = busy / every * cores
        loads = [sample["load"] for sample in self.samples]
        lines.append(
            f"CPU over {seconds:.0f} s ({cores} cores): the machine {100 * busy / every:.0f} % busy "
            f"({machine_cores:.2f} cores), load average {sum(loads) / len(loads):.1f} (max {max(loads):.1f}); "
            + ", ".join(f"{label} {value:.2f}" for label, value in used.items())
            + f", the rest of the machine {max(0.0, machine_cores - sum(used.values())):.2f} cores"
        )
        active = [sample["active"] for sample in self.samples if "active" in sample]
        if active:
            waits = [sample["lock_waits"] for sample in self.samples if "active" in sample]
            in_transaction = [sample["idle_in_transaction"] for sample in self.samples if "active" in sample]
            events: dict[str, int] = {}
            for sample in self.samples:
                for event in (sample.get("events") or "").split(","):
                    if event:
                        events[event] = events.get(event, 0) + 1
            lines.append(
                f"database, {len(active)} samples: backends running a statement mean {sum(active) / len(active):.1f} "
                f"(max {max(active)}), waiting for a lock in {sum(1 for value in waits if value)} samples "
                f"(max {max(waits)} at once), idle in a transaction max {max(in_transaction)}"
                + (
                    "; waits seen: " + ", ".join(f"{event} ×{count}" for event, count in sorted(events.items()))
                    if events
                    else ""
                )
            )
        if self.statements:
            total = sum(row[1] for row in self.statements) or 1
            lines.append(
                f"database time {total / 1000:.1f} s over the run ({total / 1000 / seconds:.2f} backends busy "
                "on average); the statements that took most (pg_stat_statements):"
            )
            for calls, total_ms, mean_ms, query in self.statements[:8]:
                text = " ".join(query.split())
                lines.append(f"  {100 * total_ms / total:>4.0f} %  {calls:>7,} × {mean_ms:>7.2f} ms  {text[:110]}")
        if queue_waits:
            lines.append(
                f"queueing (the client's time minus the server's, {len(queue_waits):,} pages): "
                f"p50 {_percentile(queue_waits, 0.5):.0f} ms, p95 {_percentile(queue_waits, 0.95):.0f} ms, "
                f"{100 * sum(queue_waits) / max(sum(page_times), 0.001):.0f} % of the pages' time as the client saw it"
            )
        used["the rest of the machine"] = max(0.0, machine_cores - sum(used.values()))
        database_busy = sum(row[1] for row in self.statements) / 1000 / seconds if self.statements else None
        lines.append(
            "what limits it: " + self._verdict(busy / every, used, database_busy, queue_waits, server_page_times)
        )
        return lines

    def _verdict(self, busy, used, database_busy, queue_waits, server_page_times) -> str:
        """The machine's busy share, the cores each group used, the database's busy backends on
        average (None: unknown), the pages' waits and times inside the server."""
        waited, inside = _percentile(queue_waits, 0.95), _percentile(server_page_times, 0.95)
        lock_samples = sum(1 for sample in self.samples if sample.get("lock_waits"))
        found = []
        if busy >= 0.75:
            found.append(
                f"CPU: the machine was {100 * busy:.0f} % busy — "
                + ", ".join(f"{label} {value:.2f}" for label, value in sorted(used.items(), key=lambda item: -item[1]))
                + " cores"
            )
        if waited >= 100:
            found.append(
                f"queueing: p95 {waited:.0f} ms waiting for one of the 4 workers (the pages' own p95 inside the "
                f"server {inside:.0f} ms)"
            )
        if lock_samples > len(self.samples) // 10:
            found.append(f"locks: backends waited for a lock in {lock_samples} of {len(self.samples)} samples")
        if database_busy is not None:
            found.append(
                f"the database was busy {database_busy:.2f} backends on average"
                + (" (not the limit)" if database_busy < 0.5 else "")
            )
        if not found or (database_busy is not None and len(found) == 1):
            found.insert(
                0,
                f"nothing saturated (machine {100 * busy:.0f} % busy, queueing p95 {waited:.0f} ms): the pages' own "
                f"time inside the server (p95 {inside:.0f} ms) sets the figures",
            )
        return "; ".join(found)
