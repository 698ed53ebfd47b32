"""Reads about the demo: the login table, and a checksum of everything generated (for determinism tests)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password

from edubureau.accounts.models import RoleAssignment, User
from edubureau.demo.plan_activity import STAFF_ACCOUNTS
from edubureau.demo.services import DEMO_ACCOUNTS, DEMO_PASSWORD, ROLE_NAMES
from edubureau.registry.models import (
    Area,
    Enrollment,
    FinanceRecord,
    Population,
    School,
    SchoolClass,
    Student,
    Teacher,
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    role: str
    scope: str
    password: str


def demo_login_list() -> list[DemoLogin]:
    """The demo accounts present in the database — ``DEMO_ACCOUNTS``, then the plan's department logins
    (``STAFF_ACCOUNTS``), then the 周转池 teacher's — with their scope in words.

    The password column shows the demo password only where it still works; the accounts share one hash,
    so checking costs a single PBKDF2 run.
    """
    from edubureau.demo.pool import POOL_USERNAME  # the 周转池 teacher who sees her own dispatches

    # staff_anbao is in both lists; the pool teacher's login comes last
    order = [*dict.fromkeys(a.username for a in (*DEMO_ACCOUNTS, *STAFF_ACCOUNTS)), POOL_USERNAME]
    users = {u.username: u for u in User.objects.filter(username__in=order)}
    assignments: dict[int, list[RoleAssignment]] = {}
    for a in (
        RoleAssignment.objects.filter(user__in=users.values()).select_related("area", "school").order_by("id")
    ):
        assignments.setdefault(a.user_id, []).append(a)
    works: dict[str, bool] = {}
    logins = []
    for username in order:
        user = users.get(username)
        if user is None:
            continue
        held = assignments.get(user.pk, [])
        roles = "、".join(dict.fromkeys(f"{ROLE_NAMES.get(a.role, a.role)} {a.role}" for a in held)) or "—"
        places = [a.area.name if a.area_id else a.school.name if a.school_id else "全部" for a in held]
        scope = "、".join(dict.fromkeys(places)) or "—"
        if user.department_id:
            scope = f"{scope}（{user.department}）"
        if user.password not in works:
            works[user.password] = check_password(DEMO_PASSWORD, user.password)
        password = DEMO_PASSWORD if works[user.password] else "（已修改）"
        logins.append(DemoLogin(username, user.display_name, roles, scope, password))
    return logins


def demo_checksum() -> str:
    """SHA-256 over the generated registry by natural keys (codes, ID-number hashes), ignoring primary keys.

    The ID-number hash is keyed with the field key, so two databases compare only under the same key.
    """
    digest = hashlib.sha256()

    def feed(label: str, rows) -> None:
        digest.update(label.encode())
        for row in rows:
            digest.update(repr(tuple(str(v) for v in row)).encode())

    feed("area", Area.objects.order_by("code").values_list("code", "name", "kind", "path"))
    feed(
        "school",
        School.objects.order_by("code").values_list(
            "code", "name", "kind", "ownership", "affordable", "area__code", "locality", "capacity",
            "teaching_floor_area", "sports_area", "equipment_value", "multimedia_rooms", "books", "computers",
        ),
    )  # fmt: skip
    feed(
        "teacher",
        Teacher.objects.order_by("id_number_hash").values_list(
            "id_number_hash", "name", "gender", "birth_date", "school__code", "on_establishment", "post_grade",
            "title_rank", "subjects", "education", "backbone_level", "status", "joined_school_year",
        ),
    )  # fmt: skip
    feed(
        "class",
        SchoolClass.objects.order_by("school__code", "school_year", "name").values_list(
            "school__code", "school_year", "level", "grade", "name", "head_teacher__id_number_hash"
        ),
    )
    feed(
        "student",
        Student.objects.order_by("id_number_hash").values_list(
            "id_number_hash", "name", "gender", "birth_date", "ethnicity", "hukou_type", "migrant_child",
            "left_behind", "disability", "inclusive_placement", "school__code",
        ),
    )  # fmt: skip
    feed(
        "enrollment",
        Enrollment.objects.order_by("student__id_number_hash", "school_year").values_list(
            "student__id_number_hash", "school_year", "school__code", "school_class__name", "level", "grade",
            "status", "entry_date",
        ),
    )  # fmt: skip
    feed(
        "population",
        Population.objects.order_by("area__code", "year", "age").values_list(
            "area__code", "year", "age", "count"
        ),
    )
    feed(
        "finance",
        FinanceRecord.objects.order_by("year", "area__code", "school__code").values_list(
            "year", "area__code", "school__code", "general_budget_education", "public_funding_per_student",
            "public_funding_total", "enrolment",
        ),
    )  # fmt: skip
    return digest.hexdigest()
