"""A synthetic national data set for benchmarks: ``python -m thidua generate_dataset``.

The tree: a national agency (depth 0) -> the 34 provinces and centrally-run cities of the
2025 arrangement (Nghị quyết 202/2025/QH15; fewer for a small data set) -> departments and
communes (depth 2) -> divisions (depth 3) -> teams under about 70 % of the divisions (depth 4),
so branches are four or five levels deep. People with Vietnamese names (family names with their
real frequencies, middle and given names by gender) work in units of depth 2 to 4, clustered by
unit. For every year: a person rating, decided discipline for a few, initiatives with their
scope, and the award register of the years before the last one (the last year is the one a
screening decides): LDTT, CSTDCS that form consecutive-year chains, CSTD_TINH linked by
``based_on`` to its three CSTDCS, a few GIAY_KHEN and BANG_KHEN_TINH, unit ratings and unit
titles, and a small share of revoked awards. A few people of the last year are under review.

Every denormalised column the app maintains is filled as the services would fill it: the
unit's materialised ``path`` and ``depth`` (``org.services.unit_path``), the ``search`` columns
(``core.text.normalize_search`` of "name code" for people, "code name" for units), the one open
``Membership`` per person (and an earlier closed one for some), the person's current ``unit``.
Generated rows are not audited (they stand for history loaded before the system existed).

Two ways to write: on PostgreSQL, ``COPY`` through psycopg's ``cursor.copy()`` from a writer
thread with its own connection (the generator works on the next chunk meanwhile), with the
secondary indexes of the big tables dropped during the load and rebuilt after, foreign-key
triggers off for the session (``session_replication_role = replica``; the generator makes the
keys consistent itself), then ``VACUUM ANALYZE`` (statistics, and the visibility map that
index-only counts need). Elsewhere (SQLite, for tests), plain ``executemany``.
The same seed gives the same rows: one ``random.Random(seed)`` drives everything, in a fixed
order.
"""

from __future__ import annotations

import datetime as dt
import queue
import random
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, connections, transaction

from thidua.core.text import normalize_search
from thidua.org.services import unit_path

PASSWORD = "ThiDua@2018"  # noqa: S105 - the documented demo password
NATIONAL_OFFICER = "bench_officer"

# Family names with approximate shares of the population (per cent).
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.4),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 3.4),
    ("Huỳnh", 1.7),
    ("Phan", 4.5),
    ("Vũ", 2.3),
    ("Võ", 1.6),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đinh", 0.7),
    ("Đào", 0.6),
    ("Trương", 0.6),
    ("Lương", 0.5),
    ("Mai", 0.4),
    ("Trịnh", 0.4),
    ("Hà", 0.4),
    ("Cao", 0.3),
    ("Lâm", 0.3),
    ("Tạ", 0.2),
    ("Chu", 0.2),
    ("Nông", 0.3),
)
MIDDLE_MALE = (
    "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc",
    "Đình", "Anh", "Hoàng", "Mạnh", "Trọng", "Tuấn", "Việt", "Quốc", "Duy", "Gia", "Thế",
)  # fmt: skip
MIDDLE_FEMALE = (
    "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Thùy", "Kim",
    "Mai", "Bích", "Diệu", "Hải", "Khánh", "Lan", "Như", "Quỳnh", "Thảo",
)  # fmt: skip
GIVEN_MALE = (
    "Anh", "Tuấn", "Hùng", "Dũng", "Nam", "Long", "Minh", "Hải", "Sơn", "Thắng", "Cường",
    "Đức", "Hiếu", "Huy", "Khoa", "Phong", "Quân", "Trung", "Việt", "Bình", "Hoàng", "Hưng",
    "Kiên", "Lâm", "Lợi", "Nghĩa", "Phúc", "Quang", "Tài", "Thành", "Toàn", "Trí", "Vinh",
    "Vũ", "Đạt", "Tâm", "Tùng", "Hòa", "Khánh", "Lực", "Thịnh", "Bảo", "Khải", "Hậu",
)  # fmt: skip
GIVEN_FEMALE = (
    "Anh", "Hương", "Lan", "Linh", "Mai", "Ngọc", "Nhung", "Phương", "Thảo", "Trang", "Hà",
    "Hằng", "Hạnh", "Hiền", "Hoa", "Huyền", "Liên", "Loan", "Ly", "Nga", "Ngân", "Nhi",
    "Oanh", "Quyên", "Quỳnh", "Tâm", "Thanh", "Thủy", "Thu", "Trinh", "Tuyết", "Vân", "Yến",
    "Dung", "Giang", "Hồng", "Châu", "Diệp", "Uyên", "Xuân", "Duyên", "Hiên",
)  # fmt: skip

# The 34 provinces and centrally-run cities since 1 July 2025; True: on a land border.
PROVINCES: tuple[tuple[str, bool], ...] = (
    ("Thành phố Hà Nội", False), ("Thành phố Huế", True), ("Lai Châu", True),
    ("Điện Biên", True), ("Sơn La", True), ("Lạng Sơn", True), ("Quảng Ninh", True),
    ("Thanh Hóa", True), ("Nghệ An", True), ("Hà Tĩnh", True), ("Cao Bằng", True),
    ("Tuyên Quang", True), ("Lào Cai", True), ("Thái Nguyên", False), ("Phú Thọ", False),
    ("Bắc Ninh", False), ("Hưng Yên", False), ("Thành phố Hải Phòng", False),
    ("Ninh Bình", False), ("Quảng Trị", True), ("Thành phố Đà Nẵng", True),
    ("Quảng Ngãi", True), ("Gia Lai", True), ("Khánh Hòa", False), ("Lâm Đồng", True),
    ("Đắk Lắk", True), ("Thành phố Hồ Chí Minh", False), ("Đồng Nai", True),
    ("Tây Ninh", True), ("Thành phố Cần Thơ", False), ("Vĩnh Long", False),
    ("Đồng Tháp", True), ("Cà Mau", False), ("An Giang", True),
)  # fmt: skip
DEPARTMENTS = (
    "Văn phòng Ủy ban nhân dân", "Sở Nội vụ", "Sở Tài chính", "Sở Y tế",
    "Sở Giáo dục và Đào tạo", "Sở Xây dựng", "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Tư pháp", "Thanh tra tỉnh", "Sở Ngoại vụ",
    "Sở Dân tộc và Tôn giáo",
)  # fmt: skip
DIVISIONS = (
    "Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính", "Thanh tra",
    "Phòng Pháp chế", "Phòng Quản lý chuyên ngành", "Phòng Nghiệp vụ", "Trung tâm Dịch vụ công",
    "Phòng Văn hóa - Xã hội", "Phòng Kinh tế",
)  # fmt: skip

RATINGS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
GOOD = ("HTXSNV", "HTTNV")
STAFF_TYPES = (("CONG_CHUC", 45), ("VIEN_CHUC", 40), ("CAN_BO", 5), ("NGUOI_LAO_DONG", 10))
DISCIPLINE_LEVELS = (
    ("KHIEN_TRACH", 60),
    ("CANH_CAO", 28),
    ("HA_BAC_LUONG", 5),
    ("GIANG_CHUC", 4),
    ("CACH_CHUC", 3),
)
SCOPES = (("SCOPE_CO_SO", 70), ("SCOPE_TINH", 25), ("SCOPE_TOAN_QUOC", 5))
REVOKE_SHARE = 0.003
REVOKE_REASON = "Thu hồi do phát hiện kê khai thành tích không đúng (dữ liệu tổng hợp)."

# Secondary indexes of these tables are dropped during a PostgreSQL load and rebuilt after.
BIG_TABLES = (
    "org_person",
    "org_membership",
    "org_personrating",
    "org_unitrating",
    "org_disciplinerecord",
    "awards_award",
    "awards_award_based_on",
    "awards_initiative",
    "awards_initiative_authors",
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "org_unit": (
        "id", "code", "name", "short_name", "kind", "parent_id", "path", "depth", "place_id",
        "valid_from", "valid_to", "search",
    ),
    "org_person": (
        "id", "code", "full_name", "gender", "birth_date", "staff_type", "unit_id", "position",
        "is_leader", "is_frontline", "joined_on", "left_on", "email", "user_id", "search",
    ),
    "org_membership": ("id", "person_id", "unit_id", "position", "start", "end"),
    "org_personrating": ("id", "person_id", "year", "rating"),
    "org_unitrating": ("id", "unit_id", "year", "rating"),
    "org_disciplinerecord": (
        "id", "person_id", "status", "level", "decided_on", "effective_from", "effective_to",
        "decision_number", "note", "created_at",
    ),
    "awards_award": (
        "id", "recipient_type", "person_id", "unit_id", "award_code", "year", "kind",
        "decision_number", "decision_date", "issuer", "movement_id", "achievement", "status",
        "revoked_at", "revoked_reason", "revoked_by_id", "source", "created_by_id", "created_at",
    ),
    "awards_award_based_on": ("id", "from_award_id", "to_award_id"),
    "awards_initiative": ("id", "code", "title", "unit_id", "recognized_on", "scope"),
    "awards_initiative_authors": ("id", "initiative_id", "person_id"),
}  # fmt: skip
TABLE_ORDER = tuple(COLUMNS)

Row = tuple[Any, ...]


@dataclass
class Options:
    people: int
    units: int
    years: int = 10
    seed: int = 1
    end_year: int = 2025
    chunk: int = 20_000


@dataclass
class UnitInfo:
    pk: int
    depth: int
    province: str
    agency: str  # the name of the depth-2 unit (or the province) that signs its titles


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    depth_max: int = 0
    first_year: int = 0
    last_year: int = 0


# ---------------------------------------------------------------------------------- writers


class _Sink(ABC):
    """Receives the rows of one chunk (table -> rows) and writes them."""

    @abstractmethod
    def write(self, chunk: dict[str, list[Row]]) -> None:
        """Write (or queue) the rows of one chunk."""

    def close(self) -> None:  # noqa: B027 - a sink that writes at once has nothing to wait for
        """Wait for pending writes."""


def _copy_line(row: Row) -> str:
    return "\t".join(["\\N" if v is None else str(v) for v in row]) + "\n"


class _PostgresSink(_Sink):
    """COPY from a writer thread with its own connection: the generator goes on meanwhile."""

    def __init__(self) -> None:
        self.queue: queue.Queue[dict[str, list[Row]] | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="dataset-copy", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        wrapper = connections.create_connection("default")
        try:
            wrapper.ensure_connection()
            raw = wrapper.connection
            with raw.cursor() as cur:
                cur.execute("SET session_replication_role = replica")
                cur.execute("SET synchronous_commit = off")
            raw.commit()
            while True:
                chunk = self.queue.get()
                if chunk is None:
                    break
                if self.error is not None:
                    continue
                with raw.cursor() as cur:
                    for table in TABLE_ORDER:
                        rows = chunk.get(table)
                        if not rows:
                            continue
                        cols = ", ".join(f'"{c}"' for c in COLUMNS[table])
                        with cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                            buf: list[str] = []
                            for row in rows:
                                buf.append(_copy_line(row))
                                if len(buf) >= 20_000:
                                    copy.write("".join(buf))
                                    buf.clear()
                            if buf:
                                copy.write("".join(buf))
                raw.commit()
        except BaseException as exc:  # reported by close() in the main thread
            self.error = exc
            while self.queue.get() is not None:
                pass
        finally:
            wrapper.close()

    def write(self, chunk: dict[str, list[Row]]) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(chunk)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


class _CopyInTransactionSink(_Sink):
    """COPY through the caller's connection, inside its transaction (PostgreSQL called from an
    atomic block, as in tests): no thread, no index juggling."""

    def write(self, chunk: dict[str, list[Row]]) -> None:
        for table in TABLE_ORDER:
            if chunk.get(table):
                _copy_rows(table, chunk[table])


def _copy_rows(table: str, rows: list[Row]) -> None:
    cols = ", ".join(f'"{c}"' for c in COLUMNS[table])
    sql = f'COPY "{table}" ({cols}) FROM STDIN'
    with connection.cursor() as cur, cur.cursor.copy(sql) as copy:
        copy.write("".join(_copy_line(r) for r in rows))


class _InsertSink(_Sink):
    """Plain ``executemany`` inside the caller's transaction (SQLite and small data sets)."""

    def write(self, chunk: dict[str, list[Row]]) -> None:
        with connection.cursor() as cur:
            for table in TABLE_ORDER:
                rows = chunk.get(table)
                if not rows:
                    continue
                cols = COLUMNS[table]
                sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(  # noqa: S608 - our table names
                    table,
                    ", ".join(f'"{c}"' for c in cols),
                    ", ".join(["%s"] * len(cols)),
                )
                cur.executemany(sql, rows)


# ---------------------------------------------------------------------------------- helpers


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> Callable[[], str]:
    values = [v for v, w in pairs]
    cum: list[float] = []
    total = 0.0
    for _v, w in pairs:
        total += w
        cum.append(total)
    choices = rng.choices

    def draw() -> str:
        return choices(values, cum_weights=cum)[0]

    return draw


def _next_ids(tables: Iterable[str]) -> dict[str, int]:
    out = {}
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - constants
            out[table] = int(cur.fetchone()[0]) + 1
    return out


def _level_sizes(units: int) -> tuple[int, int, int, int]:
    """Provinces, departments, divisions and teams adding up to ``units - 1``."""
    rest = max(units - 1, 4)
    provinces = min(len(PROVINCES), max(1, rest // 40))
    below = rest - provinces
    b = 1.0
    # divisions grow by b, teams exist under 70 % of divisions with b children each.
    while provinces * (b + b * b + 0.7 * b**3) < below:
        b += 0.01
    depts = max(provinces, round(provinces * b))
    divisions = max(1, round(depts * b))
    teams = max(1, below - depts - divisions)
    if depts + divisions + teams > below:
        divisions = max(1, below - depts - 1)
        teams = max(1, below - depts - divisions)
    return provinces, depts, divisions, teams


def _spread(rng: random.Random, parents: Sequence[int], count: int) -> list[int]:
    """A parent for each of ``count`` children: every parent one first, the rest at random;
    sorted so the ids of siblings are contiguous."""
    out = list(parents[: min(count, len(parents))])
    out += [rng.choice(parents) for _ in range(count - len(out))]
    out.sort()
    return out


# ---------------------------------------------------------------------------------- generator


class Generator:
    def __init__(self, opts: Options, *, log: Callable[[str], None] | None = None) -> None:
        self.o = opts
        self.rng = random.Random(opts.seed)  # noqa: S311 - synthetic data, not secrets
        self.log = log or (lambda msg: None)
        self.summary = Summary(first_year=opts.end_year - opts.years + 1, last_year=opts.end_year)
        self.postgres = connection.vendor == "postgresql"
        self.created_at = f"{opts.end_year}-12-31 08:00:00" + ("+00" if self.postgres else "")

    # -- orchestration ------------------------------------------------------------------------
    def run(self) -> Summary:
        started = time.perf_counter()
        dropped: list[tuple[str, str]] = []
        # The fast path needs its own committed transactions (a writer thread, indexes
        # dropped meanwhile); inside the caller's transaction, COPY on its connection.
        fast = self.postgres and not connection.in_atomic_block
        if fast:
            dropped = self._drop_indexes()
        try:
            with transaction.atomic():
                self.ids = _next_ids([*TABLE_ORDER, "org_place"])
                places = self._places()
                units = self._units(places)
            self._tick("units", started)
            t = time.perf_counter()
            if fast:
                sink: _Sink = _PostgresSink()
                self._people(units, sink)
                sink.close()
            else:
                sink = _CopyInTransactionSink() if self.postgres else _InsertSink()
                with transaction.atomic():
                    self._people(units, sink)
            self._tick("people and history", t)
        finally:
            if dropped:
                t = time.perf_counter()
                self._restore_indexes(dropped)
                self._tick("indexes", t)
        t = time.perf_counter()
        self._finish(units)
        self._tick("users, sequences, analyze", t)
        self.summary.seconds["total"] = time.perf_counter() - started
        return self.summary

    def _tick(self, label: str, since: float) -> None:
        self.summary.seconds[label] = time.perf_counter() - since
        self.log(f"{label}: {self.summary.seconds[label]:.1f} s")

    def _count(self, table: str, n: int) -> None:
        self.summary.counts[table] = self.summary.counts.get(table, 0) + n

    # -- PostgreSQL index handling ------------------------------------------------------------
    def _drop_indexes(self) -> list[tuple[str, str]]:
        dropped = []
        with connection.cursor() as cur:
            for table in BIG_TABLES:
                cur.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND "
                    "indexname NOT IN (SELECT conname FROM pg_constraint "
                    "WHERE conrelid = %s::regclass)",
                    [table, table],
                )
                for name, definition in cur.fetchall():
                    dropped.append((name, definition))
                    cur.execute(f'DROP INDEX IF EXISTS "{name}"')
        return dropped

    def _restore_indexes(self, dropped: list[tuple[str, str]]) -> None:
        """Rebuild the dropped indexes on two connections at once (the builds are independent
        and each mostly uses one core)."""
        pending: queue.Queue[str] = queue.Queue()
        for _name, definition in dropped:
            pending.put(definition)
        errors: list[BaseException] = []

        def build() -> None:
            wrapper = connections.create_connection("default")
            try:
                with wrapper.cursor() as cur:
                    cur.execute("SET maintenance_work_mem = '1GB'")
                    while True:
                        try:
                            definition = pending.get_nowait()
                        except queue.Empty:
                            return
                        cur.execute(definition)
            except BaseException as exc:  # re-raised below
                errors.append(exc)
            finally:
                wrapper.close()

        builders = [threading.Thread(target=build) for _ in range(2)]
        for builder in builders:
            builder.start()
        for builder in builders:
            builder.join()
        if errors:
            raise errors[0]

    # -- reference data and the unit tree -----------------------------------------------------
    def _places(self) -> list[int]:
        from thidua.org.models import Place

        ids = []
        provinces, *_rest = _level_sizes(self.o.units)
        for i, (name, border) in enumerate(PROVINCES[:provinces], start=1):
            place, _created = Place.objects.get_or_create(
                code=f"VN-P{i:02d}",
                defaults={
                    "name": name,
                    "kind": "PROVINCE",
                    "is_border": border,
                    "valid_from": dt.date(2025, 7, 1),
                    "search": normalize_search(name),
                },
            )
            ids.append(place.pk)
        return ids

    def _units(self, places: list[int]) -> list[UnitInfo]:  # noqa: PLR0915
        rng = self.rng
        n_prov, n_dept, n_div, n_team = _level_sizes(self.o.units)
        next_id = self.ids["org_unit"]
        rows: list[Row] = []
        infos: list[UnitInfo] = []
        paths: dict[int, str] = {}
        names: dict[int, str] = {}
        codes: dict[int, str] = {}
        province_of: dict[int, str] = {}
        agency_of: dict[int, str] = {}

        def add(  # noqa: PLR0917
            code: str, name: str, kind: str, parent: int | None, place: int | None, depth: int
        ) -> int:
            nonlocal next_id
            pk = next_id
            next_id += 1
            path = unit_path(paths[parent] if parent else "", pk)
            paths[pk] = path
            names[pk] = name
            codes[pk] = code
            rows.append(
                (pk, code, name, "", kind, parent, path, depth, place, "2000-01-01", None,
                 normalize_search(f"{code} {name}"))
            )  # fmt: skip
            return pk

        prefix = f"S{self.o.seed}"
        root = add(prefix, "Ban Thi đua - Khen thưởng Trung ương", "AGENCY", None, None, 0)
        self.root_id = root
        provs = []
        for i in range(n_prov):
            name = f"Ủy ban nhân dân {PROVINCES[i][0]}"
            pk = add(f"{prefix}-P{i + 1:02d}", name, "LOCALITY", root, places[i], 1)
            province_of[pk] = PROVINCES[i][0]
            agency_of[pk] = name
            provs.append(pk)
        depts = []
        seen: dict[int, int] = {}
        for parent in _spread(rng, provs, n_dept):
            k = seen[parent] = seen.get(parent, 0) + 1
            if k <= len(DEPARTMENTS):
                name = f"{DEPARTMENTS[k - 1]} {province_of[parent]}"
                kind = "AGENCY"
            else:
                name = f"Ủy ban nhân dân xã số {k - len(DEPARTMENTS)}, {province_of[parent]}"
                kind = "LOCALITY"
            pk = add(f"{codes[parent]}-D{k:03d}", name, kind, parent, None, 2)
            province_of[pk] = province_of[parent]
            agency_of[pk] = name
            depts.append(pk)
            infos.append(UnitInfo(pk, 2, province_of[pk], name))
        divs = []
        seen = {}
        for parent in _spread(rng, depts, n_div):
            k = seen[parent] = seen.get(parent, 0) + 1
            base = DIVISIONS[(k - 1) % len(DIVISIONS)]
            name = base if k <= len(DIVISIONS) else f"{base} {k // len(DIVISIONS) + 1}"
            name = f"{name} - {names[parent]}"
            pk = add(f"{codes[parent]}-V{k:03d}", name[:300], "DIVISION", parent, None, 3)
            province_of[pk] = province_of[parent]
            agency_of[pk] = agency_of[parent]
            divs.append(pk)
            infos.append(UnitInfo(pk, 3, province_of[pk], agency_of[pk]))
        with_teams = [d for d in divs if rng.random() < 0.7] or divs[:1]
        seen = {}
        for parent in _spread(rng, with_teams, n_team):
            k = seen[parent] = seen.get(parent, 0) + 1
            name = f"Tổ công tác số {k} - {names[parent]}"
            pk = add(f"{codes[parent]}-T{k:03d}", name[:300], "SUBORDINATE", parent, None, 4)
            infos.append(UnitInfo(pk, 4, province_of[parent], agency_of[parent]))
        if self.postgres:
            _copy_rows("org_unit", rows)
        else:
            _InsertSink().write({"org_unit": rows})
        self._count("org_unit", len(rows))
        self.summary.depth_max = max(r[7] for r in rows)
        self.unit_rows = rows
        return infos

    # -- people and their history -------------------------------------------------------------
    def _people(self, units: list[UnitInfo], sink: _Sink) -> None:  # noqa: PLR0912, PLR0915
        o, rng = self.o, self.rng
        rand, randrange, choice = rng.random, rng.randrange, rng.choice
        first, last = self.summary.first_year, self.summary.last_year
        years = range(first, last + 1)
        family = _weighted(rng, FAMILY_NAMES)
        staff_type = _weighted(rng, STAFF_TYPES)
        discipline_level = _weighted(rng, DISCIPLINE_LEVELS)
        scope_of = _weighted(rng, SCOPES)
        norm: dict[str, str] = {}

        def n(part: str) -> str:
            got = norm.get(part)
            if got is None:
                got = norm[part] = normalize_search(part)
            return got

        weights = [{2: 2, 3: 3, 4: 4}[u.depth] for u in units]
        placement = sorted(
            rng.choices(range(len(units)), weights=weights, k=o.people)
        )  # unit indexes, clustered
        ids = self.ids
        pid, mid, rid, did = (
            ids["org_person"],
            ids["org_membership"],
            ids["org_personrating"],
            ids["org_disciplinerecord"],
        )
        aid, bid, iid, xid = (
            ids["awards_award"],
            ids["awards_award_based_on"],
            ids["awards_initiative"],
            ids["awards_initiative_authors"],
        )
        urid = ids["org_unitrating"]
        chunk: dict[str, list[Row]] = {t: [] for t in TABLE_ORDER}
        in_chunk = 0
        current_unit = -1
        unit_people: list[int] = []
        created_at = self.created_at
        tz = "+00" if self.postgres else ""

        def flush() -> None:
            nonlocal chunk, in_chunk
            for table, rows in chunk.items():
                self._count(table, len(rows))
            sink.write(chunk)
            chunk = {t: [] for t in TABLE_ORDER}
            in_chunk = 0

        def award(
            person: int | None, unit: int | None, code: str, year: int, issuer: str
        ) -> tuple[int, bool]:
            nonlocal aid
            pk = aid
            aid += 1
            revoked = rand() < REVOKE_SHARE
            day = dt.date(year + 1, 1 + randrange(3), 1 + randrange(28))
            signer = "UBND" if code in ("CSTD_TINH", "BANG_KHEN_TINH", "TTLDXS") else "TĐKT"
            chunk["awards_award"].append(
                (
                    pk, "person" if person else "unit", person, unit, code, year, "MERIT",
                    f"{randrange(1, 3000)}/QĐ-{signer}", day.isoformat(), issuer, None, "",
                    "REVOKED" if revoked else "ACTIVE",
                    f"{year + 2}-06-30 09:00:00{tz}" if revoked else None,
                    REVOKE_REASON if revoked else "", None, "IMPORT", None, created_at,
                )
            )  # fmt: skip
            return pk, revoked

        for index in placement:
            info = units[index]
            if index != current_unit:
                current_unit = index
                unit_people = []
                if in_chunk >= o.chunk:
                    flush()
            leader = not unit_people
            female = rand() < 0.48
            fam = family()
            mid_name = choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
            given = choice(GIVEN_FEMALE if female else GIVEN_MALE)
            full = f"{fam} {mid_name} {given}"
            code = f"CB{pid:08d}"
            joined_year = max(1990, last - int(rand() * 30))
            joined = dt.date(joined_year, 1 + randrange(12), 1 + randrange(28))
            head = {3: "Trưởng phòng", 4: "Tổ trưởng"}.get(info.depth, "Giám đốc")
            position = (
                head
                if leader
                else "Chuyên viên"
            )  # fmt: skip
            chunk["org_person"].append(
                (
                    pid, code, full, "F" if female else "M",
                    dt.date(1965 + randrange(36), 1 + randrange(12), 1 + randrange(28)).isoformat(),
                    staff_type(), info.pk, position, leader, not leader, joined.isoformat(),
                    None, "", None, f"{n(fam)} {n(mid_name)} {n(given)} {code.lower()}",
                )
            )  # fmt: skip
            start = joined
            if rand() < 0.2 and joined_year < last - 2:
                other = units[randrange(len(units))].pk
                moved = dt.date(randrange(joined_year + 1, last), 1 + randrange(12), 1)
                chunk["org_membership"].append(
                    (mid, pid, other, "Chuyên viên", joined.isoformat(),
                     (moved - dt.timedelta(days=1)).isoformat())
                )  # fmt: skip
                mid += 1
                start = moved
            chunk["org_membership"].append((mid, pid, info.pk, position, start.isoformat(), None))
            mid += 1

            star = rand() ** 2  # how strong a performer: most are average
            p_excellent = 0.04 + 0.45 * star
            cstdcs_years: dict[int, int] = {}
            tinh_scope_years: list[int] = []
            for y in years:
                if y < joined_year:
                    continue
                u = rand()
                rating = (
                    "HTXSNV"
                    if u < p_excellent
                    else "HTTNV"
                    if u < p_excellent + 0.62
                    else "HTNV"
                    if u < 0.985
                    else "KHTNV"
                )
                chunk["org_personrating"].append((rid, pid, y, rating))
                rid += 1
                disciplined = False
                if rand() < 0.004:
                    disciplined = True
                    decided = dt.date(y, 1 + randrange(12), 1 + randrange(28))
                    chunk["org_disciplinerecord"].append(
                        (did, pid, "DECIDED", discipline_level(), decided.isoformat(),
                         decided.isoformat(), (decided + dt.timedelta(days=365)).isoformat(),
                         f"{randrange(1, 900)}/QĐ-KL", "", created_at)
                    )  # fmt: skip
                    did += 1
                elif y == last and rand() < 0.002:
                    chunk["org_disciplinerecord"].append(
                        (did, pid, "UNDER_REVIEW", None, None, None, None, "", "", created_at)
                    )
                    did += 1
                initiative = False
                if rand() < (0.35 if rating == "HTXSNV" else 0.04 if rating == "HTTNV" else 0):
                    initiative = True
                    scope = scope_of()
                    if scope != "SCOPE_CO_SO":
                        tinh_scope_years.append(y)
                    chunk["awards_initiative"].append(
                        (iid, f"SK-{iid:09d}", f"Sáng kiến cải tiến quy trình số {iid}",
                         info.pk, dt.date(y, 6 + randrange(6), 1 + randrange(28)).isoformat(),
                         scope)
                    )  # fmt: skip
                    chunk["awards_initiative_authors"].append((xid, iid, pid))
                    xid += 1
                    if unit_people and rand() < 0.3:
                        chunk["awards_initiative_authors"].append((xid, iid, choice(unit_people)))
                        xid += 1
                    iid += 1
                if y == last or disciplined or rating not in GOOD or rand() < 0.03:
                    continue
                award(pid, None, "LDTT", y, f"Thủ trưởng {info.agency}")
                if (rating == "HTXSNV" or initiative) and rand() < 0.7:
                    pk, revoked = award(pid, None, "CSTDCS", y, f"Thủ trưởng {info.agency}")
                    if not revoked:
                        cstdcs_years[y] = pk
                    chain = [cstdcs_years.get(y - k) for k in range(3)]
                    if (
                        all(chain)
                        and any(y - 2 <= t <= y for t in tinh_scope_years)
                        and rand() < 0.75
                    ):
                        tinh, _r = award(
                            pid, None, "CSTD_TINH", y, f"Chủ tịch Ủy ban nhân dân {info.province}"
                        )
                        for base in chain:
                            chunk["awards_award_based_on"].append((bid, tinh, base))
                            bid += 1
                if rating == "HTXSNV" and rand() < 0.05:
                    award(pid, None, "GIAY_KHEN", y, f"Thủ trưởng {info.agency}")
                if len(cstdcs_years) >= 2 and rand() < 0.01:
                    award(
                        pid, None, "BANG_KHEN_TINH", y, f"Chủ tịch Ủy ban nhân dân {info.province}"
                    )
            unit_people.append(pid)
            pid += 1
            in_chunk += 1

        # Unit ratings and unit titles (all units but the root).
        for urow in self.unit_rows[1:]:
            upk = urow[0]
            for y in years:
                u = rand()
                rating = "HTXSNV" if u < 0.2 else "HTTNV" if u < 0.85 else "HTNV"
                chunk["org_unitrating"].append((urid, upk, y, rating))
                urid += 1
                if y < last and rating in GOOD and rand() < 0.9:
                    award(None, upk, "TTLDTT", y, "Thủ trưởng cơ quan cấp trên")
                    if rating == "HTXSNV" and rand() < 0.5:
                        award(None, upk, "TTLDXS", y, "Chủ tịch Ủy ban nhân dân tỉnh")
            if len(chunk["org_unitrating"]) >= o.chunk * 5:
                flush()
        flush()

    # -- the end: users, sequences, statistics ------------------------------------------------
    def _finish(self, units: list[UnitInfo]) -> None:
        from thidua.org.models import RoleAssignment, User

        with transaction.atomic():
            user, _created = User.objects.get_or_create(
                username=NATIONAL_OFFICER,
                defaults={"password": make_password(PASSWORD), "first_name": "Cán bộ thi đua"},
            )
            RoleAssignment.objects.get_or_create(user=user, role="OFFICER", unit_id=self.root_id)
        if not self.postgres:
            return
        with connection.cursor() as cur:
            for table in [*TABLE_ORDER, "org_place"]:
                sql = (
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                    f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
                )
                cur.execute(sql)
            # VACUUM also sets the visibility map (index-only counts); not inside a transaction.
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            for table in [*TABLE_ORDER, "org_place"]:
                cur.execute(f'{verb} "{table}"')


def generate(opts: Options, *, log: Callable[[str], None] | None = None) -> Summary:
    """Generate the data set described by ``opts`` into the default database."""
    return Generator(opts, log=log).run()
