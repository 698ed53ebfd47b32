"""Registry pages: schools, classes, teachers, students, areas and departments.

Each page is declared on the generic views of ``core.views``: a selector for the scoped queryset, a
FilterSet, a template and its export columns. Out-of-scope objects answer 404 like missing ones.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from edubureau.core import audit, clock, crypto
from edubureau.core.jobs import JobError
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.core.views import ObjectDetailView, ObjectEditView, ObjectListView, history_url
from edubureau.registry import filters, selectors, services
from edubureau.registry.choices import Disability, EnrollmentStatus, Gender, LeftBehind, Level, grade_name
from edubureau.registry.class_size import SizeBand
from edubureau.registry.forms import SchoolForm
from edubureau.registry.models import CLASS_NAME_ORDER, Enrollment, School, SchoolClass, Student, Teacher


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value or ""))


def _labels(choices) -> dict:
    """Choice labels in the current language, translated once (not once per exported cell)."""
    return {value: str(label) for value, label in choices}


# --- schools ------------------------------------------------------------------------------------------


class SchoolListView(ObjectListView):
    """Schools with their classes, enrolled pupils and teachers in the latest school year."""

    filterset_class = filters.SchoolFilterSet
    template_name = "registry/school_list.html"
    export_url_name = "registry:school_export"
    export_filename = _("schools")

    def get_queryset(self, action):
        self.school_year = selectors.latest_school_year()
        return selectors.school_list(user=self.request.user, school_year=self.school_year, action=action)

    def narrow_choices(self, form):
        super().narrow_choices(form)
        form.fields["town"].queryset = selectors.towns_with_schools(user=self.request.user)

    def get_extra_context(self):
        return {
            "school_year": self.school_year,
            "can_add": selectors.towns_for(user=self.request.user, action="add").exists(),
        }

    def get_export_columns(self):
        return [
            (_("school code"), lambda s: s.code),
            (_("name"), lambda s: s.name),
            (_("kind"), lambda s: s.get_kind_display()),
            (_("ownership"), lambda s: s.get_ownership_display()),
            (_("town"), lambda s: s.area.name),
            (_("locality"), lambda s: s.get_locality_display()),
            (_("classes"), lambda s: s.class_count),
            (_("students enrolled"), lambda s: s.student_count),
            (_("teachers"), lambda s: s.teacher_count),
            (_("capacity (seats)"), lambda s: s.capacity),
            (_("school year"), lambda s: self.school_year),
        ]


class SchoolDetailView(ObjectDetailView):
    """A school in tabs: overview with facilities per pupil, classes, teachers, headcounts, history."""

    queryset = School.objects.select_related("area", "county")
    template_name = "registry/school_detail.html"
    tabs = (
        ("overview", _("Overview")),
        ("classes", _("Classes")),
        ("teachers", _("Teachers")),
        ("headcounts", _("Headcounts")),
        ("history", _("History")),
    )

    def visible_tabs(self, obj):
        user = self.request.user
        hidden = set()
        if not user_can(user, "view", SchoolClass):
            hidden.add("classes")
        if not user_can(user, "view", Teacher):
            hidden.add("teachers")
        return [(code, label) for code, label in self.tabs if code not in hidden]

    def get_tab_context(self, tab, obj):
        user = self.request.user
        context = {
            "can_change": School.objects.restrict(user, "change").filter(pk=obj.pk).exists(),
        }
        if tab == "overview":
            context["school_year"] = year = selectors.latest_school_year()
            enrolled = selectors.school_enrolled(school=obj, school_year=year)
            context["enrolled"] = enrolled
            context["facilities"] = [
                {**row, "label": School._meta.get_field(row["key"]).verbose_name}
                for row in selectors.school_facilities(school=obj, enrolled=enrolled)
            ]
        elif tab == "classes":
            context["school_year"] = year = selectors.latest_school_year(SchoolClass)
            context["classes"] = selectors.school_classes(user=user, school=obj, school_year=year)
        elif tab == "teachers":  # a large 完中 has 250+ teachers: they page like the teacher list
            teachers = Teacher.objects.restrict(user).filter(school=obj).order_by("name", "pk")
            page = Paginator(teachers, TeacherListView.paginate_by).get_page(self.request.GET.get("page"))
            context.update(teachers=page.object_list, page_obj=page)
        elif tab == "headcounts":
            context["headcounts"] = selectors.school_headcounts(school=obj)
        return context


class SchoolEditView(ObjectEditView):
    """Create a school (where the user may add schools) or change one (audited by ``update``)."""

    queryset = School.objects.select_related("area")
    form_class = SchoolForm
    template_name = "registry/school_form.html"

    def may_create(self):
        return selectors.towns_for(user=self.request.user, action="add").exists()

    def save(self, form, obj):
        data = dict(form.cleaned_data)
        data["county"] = selectors.area_county(data["area"])
        if obj is None:
            return services.school_create(actor=self.request.user, **data)
        return self.update(obj, data)

    def success_url(self, obj):
        return reverse("registry:school_detail", args=[obj.pk])

    def cancel_url(self, obj):
        return self.success_url(obj) if obj is not None else reverse("registry:school_list")


# --- classes -------------------------------------------------------------------------------------------


class ClassListView(ObjectListView):
    """Classes of a school year (the latest by default) with their size and 班额 band."""

    filterset_class = filters.SchoolClassFilterSet
    template_name = "registry/class_list.html"
    export_url_name = "registry:class_export"
    export_filename = _("classes")

    def get_filter_defaults(self):
        return {"school_year": selectors.latest_school_year(SchoolClass)}

    def get_queryset(self, action):
        return selectors.class_list(user=self.request.user, action=action)

    def narrow_choices(self, form):
        super().narrow_choices(form)
        form.fields["town"].queryset = selectors.towns_with_schools(user=self.request.user)

    def decorate(self, rows):
        return [selectors.annotate_band(row) for row in rows]

    def get_extra_context(self):
        return {"bands": SizeBand}

    def export_rows(self, queryset):
        return (selectors.annotate_band(row) for row in queryset.iterator(chunk_size=2000))

    def get_export_columns(self):
        return [
            (_("school year"), lambda k: k.school_year),
            (_("school"), lambda k: k.school.name),
            (_("town"), lambda k: k.school.area.name),
            (_("level"), lambda k: k.get_level_display()),
            (_("grade"), lambda k: k.grade_name),
            (_("class"), lambda k: k.name),
            (_("head teacher"), lambda k: k.head_teacher.name if k.head_teacher else ""),
            (_("size"), lambda k: k.size),
            (_("size band"), lambda k: k.band.label),
        ]


class ClassDetailView(ObjectDetailView):
    """A class: its facts, size band and pupils (masked ID numbers), and its history."""

    queryset = SchoolClass.objects.select_related("school", "head_teacher").annotate(
        size=selectors.class_size()
    )
    template_name = "registry/class_detail.html"
    tabs = (("overview", _("Overview")), ("history", _("History")))

    def get_tab_context(self, tab, obj):
        selectors.annotate_band(obj)
        if tab != "overview":
            return {}
        pupils = (
            Enrollment.objects.restrict(self.request.user)
            .filter(school_class=obj)
            .select_related("student")
            .order_by("student__name")
        )
        return {"pupils": pupils}


# --- teachers ------------------------------------------------------------------------------------------


class TeacherListView(ObjectListView):
    filterset_class = filters.TeacherFilterSet
    template_name = "registry/teacher_list.html"
    export_url_name = "registry:teacher_export"
    export_filename = _("teachers")

    def get_queryset(self, action):
        return selectors.teacher_list(user=self.request.user, action=action)

    def narrow_choices(self, form):
        super().narrow_choices(form)
        form.fields["town"].queryset = selectors.towns_with_schools(user=self.request.user)

    def get_export_columns(self):
        """Teachers' ID numbers are always exported masked (there is no full-number export for teachers), and
        without the birth date: view_personal on teachers only shows their full birth date on their page."""
        return [
            (_("staff number"), lambda t: t.staff_number),
            (_("full name"), lambda t: t.name),
            (_("gender"), lambda t: t.get_gender_display()),
            (_("ID number"), lambda t: t.id_number_masked),
            (_("school"), lambda t: t.school.name),
            (_("main subject"), lambda t: t.main_subject),
            (_("subjects taught"), lambda t: t.subjects),
            (_("title rank"), lambda t: t.get_title_rank_display()),
            (_("post grade"), lambda t: t.post_grade),
            (_("on establishment"), lambda t: t.on_establishment),
            (_("backbone level"), lambda t: t.get_backbone_level_display()),
            (_("highest education"), lambda t: t.get_education_display()),
            (_("personnel status"), lambda t: t.get_status_display()),
        ]


class TeacherDetailView(ObjectDetailView):
    queryset = Teacher.objects.select_related("school", "teaching_school")
    template_name = "registry/teacher_detail.html"
    tabs = (("overview", _("Overview")), ("history", _("History")))

    def get_tab_context(self, tab, obj):
        if tab != "overview":
            return {}
        shown = selectors.birth_date_shown(user=self.request.user, person=obj)
        classes = (
            SchoolClass.objects.restrict(self.request.user)
            .filter(head_teacher=obj)
            .select_related("school")
            .order_by("-school_year", "grade", *CLASS_NAME_ORDER)
        )
        return {"head_of": classes, "birth_date_shown": shown}


# --- students ------------------------------------------------------------------------------------------


class StudentListView(ObjectListView):
    """Students with their enrolment of the chosen school year (the latest by default).

    ID numbers are shown masked, always; the full number is only ever revealed one student at a time on
    the student's page (``student_reveal_id``), and audited.
    """

    filterset_class = filters.StudentFilterSet
    template_name = "registry/student_list.html"
    export_url_name = "registry:student_export"
    export_filename = _("students")
    export_in_background = True  # ~77,000 rows in a district: 8.8 s in the request before

    def get_filter_defaults(self):
        return {"school_year": self.latest}

    def get_filterset(self, action):
        self.latest = selectors.latest_school_year()
        self.school_year = self.request.GET.get("school_year", self.latest) or self.latest
        return super().get_filterset(action)

    def get_queryset(self, action):
        return selectors.student_list(user=self.request.user, school_year=self.school_year, action=action)

    def narrow_choices(self, form):
        super().narrow_choices(form)
        form.fields["town"].queryset = selectors.towns_with_schools(user=self.request.user)

    def get_extra_context(self):
        return {
            "school_year": self.school_year,
            "can_export_full_ids": user_can(self.request.user, "view_personal", Student),
        }

    def full_ids_requested(self) -> bool:
        return self.request.GET.get("id_numbers") == "full"

    def get(self, request, *args, **kwargs):
        """An export with full ID numbers that cannot decrypt them goes back to the list with the reason,
        and leaves no audit entry behind (not a 500, not half a workbook)."""
        if not (self.export and self.full_ids_requested()):
            return super().get(request, *args, **kwargs)
        try:
            crypto.field_key_require()  # before any job is queued
        except crypto.FieldKeyError:
            messages.error(
                request,
                _(
                    "The export with full ID numbers cannot be made: the field encryption key does not match. "
                    "Please tell the system administrator."
                ),
            )
            query = request.GET.copy()
            query.pop("id_numbers", None)
            return redirect(f"{reverse('registry:student_list')}?{query.urlencode()}")
        return super().get(request, *args, **kwargs)

    def export_write(self, fh, progress=None) -> int:
        """With full ID numbers, the key is checked again and the audit entries are written with the whole
        workbook or not at all (a key that fails half way leaves no entry behind)."""
        if not self.full_ids_requested():
            return super().export_write(fh, progress)
        try:
            crypto.field_key_require()
            with transaction.atomic():
                return super().export_write(fh, progress)
        except crypto.FieldKeyError:
            raise JobError(
                _(
                    "The export with full ID numbers cannot be made: the field encryption key does not "
                    "match. Please tell the system administrator."
                )
            ) from None

    def export_rows(self, queryset):
        """Rows for the export; with ``?id_numbers=full``, clear ID numbers on the rows where the user holds
        view_personal, masked on the others.

        Why: DESIGN §4 — ID numbers of minors are sensitive personal information (个人信息保护法 art. 28,
        31); an export of them needs an explicit permission (the assignment's ``can_view_personal`` flag,
        granted per area or school) and is logged. So the default export is masked even for holders of the
        permission — most exports (class lists, headcounts) do not need the numbers, and a workbook leaves
        the system's control — and a holder asks for the full numbers deliberately. Each row exported in
        clear gets an audit entry (``registry.student.export_id``) on the student, so the student's History
        shows who took the number out and when.
        """
        self.birth_ids = selectors.personal_pks(
            user=self.request.user, model=Student, pks=queryset.values("pk")
        )  # full birth dates on these rows, the year elsewhere (why: core.crypto)
        self.personal_ids: set[int] = set()
        if self.full_ids_requested() and user_can(self.request.user, "view_personal", Student):
            self.personal_ids = set(
                Student.objects.restrict(self.request.user, "view_personal")
                .filter(pk__in=queryset.values("pk"))
                .values_list("pk", flat=True)
            )
            if self.personal_ids:
                audit.record_many(
                    actor=self.request.user,
                    action="registry.student.export_id",
                    objs=Student.objects.filter(pk__in=self.personal_ids),
                )
        fields = [*self.EXPORT_FIELDS, *(["id_number_encrypted"] if self.personal_ids else [])]
        return queryset.values(*fields).iterator(chunk_size=2000)

    # Exported as plain values: building 70,000 model instances would cost more than writing the workbook.
    EXPORT_FIELDS = (
        "pk", "name", "gender", "birth_date", "id_number_masked", "school__name", "year_level", "year_grade",
        "year_class", "year_status", "migrant_child", "left_behind", "disability", "inclusive_placement",
    )  # fmt: skip

    def _birth_date(self, row: dict):
        return row["birth_date"] if row["pk"] in self.birth_ids else crypto.mask_birth_date(row["birth_date"])

    def _id_number(self, row: dict) -> str:
        if row["pk"] in self.personal_ids:
            return crypto.decrypt(row["id_number_encrypted"])
        return row["id_number_masked"]

    def get_export_columns(self):
        gender, level, status, left_behind, disability = (
            _labels(choices)
            for choices in (
                Gender.choices,
                Level.choices,
                EnrollmentStatus.choices,
                LeftBehind.choices,
                Disability.choices,
            )
        )
        blank_if_none = {"": ""}
        left_behind.update(blank_if_none)
        disability.update(blank_if_none)
        return [
            (_("full name"), lambda r: r["name"]),
            (_("gender"), lambda r: gender.get(r["gender"], r["gender"])),
            (_("birth date"), self._birth_date),
            (_("ID number"), self._id_number),
            (_("school"), lambda r: r["school__name"]),
            (_("school year"), lambda r: self.school_year),
            (_("level"), lambda r: level.get(r["year_level"], "")),
            (_("grade"), lambda r: grade_name(r["year_level"], r["year_grade"]) if r["year_grade"] else ""),
            (_("class"), lambda r: r["year_class"] or ""),
            (_("status"), lambda r: status.get(r["year_status"], "")),
            (_("migrant child"), lambda r: r["migrant_child"]),
            (_("left-behind child"), lambda r: left_behind.get(r["left_behind"], r["left_behind"])),
            (_("disability type"), lambda r: disability.get(r["disability"], r["disability"])),
            (_("inclusive placement"), lambda r: r["inclusive_placement"]),
        ]

    def decorate(self, rows):
        for row in rows:
            row.year_grade_name = grade_name(row.year_level, row.year_grade) if row.year_grade else ""
            row.year_status_label = _label(EnrollmentStatus.choices, row.year_status)
        return rows


class StudentDetailView(ObjectDetailView):
    """A student: facts with the masked ID number, enrolment history by year, and History."""

    queryset = Student.objects.select_related("school")
    template_name = "registry/student_detail.html"
    tabs = (("overview", _("Overview")), ("history", _("History")))

    def get_tab_context(self, tab, obj):
        context = {"can_reveal": _may_reveal(self.request.user, obj)}
        if tab == "overview":
            context["enrollments"] = _with_grade_names(selectors.student_enrollments(student=obj))
            shown = (
                clock.written(obj.birth_date)
                if context["can_reveal"]
                else crypto.mask_birth_date(obj.birth_date)
            )
            context["birth_date_shown"] = shown
        return context


def _with_grade_names(enrollments) -> list[Enrollment]:
    rows = list(enrollments)
    for row in rows:
        row.grade_label = grade_name(row.level, row.grade)
    return rows


def _may_reveal(user, student: Student) -> bool:
    return Student.objects.restrict(user, "view_personal").filter(pk=student.pk).exists()


@never_cache
@require_POST
@login_required
def student_reveal_id(request, pk: int):
    """Show one student's full ID number to a holder of view_personal on them; the reveal is audited.

    htmx swaps the number into the page; without JavaScript the student page is shown with it. When the
    number cannot be decrypted (a missing or wrong field key) the masked number stays, with the reason.
    """
    student = get_scoped_or_404(
        Student.objects.select_related("school"), request.user, "view_personal", pk=pk
    )
    number, reveal_error = "", ""
    try:
        number = services.student_reveal_id(actor=request.user, student=student)
    except crypto.FieldKeyError:
        reveal_error = _(
            "The full ID number cannot be decrypted: the field encryption key does not match. "
            "Please tell the system administrator."
        )
    if request.headers.get("HX-Request"):
        context = {"object": student, "revealed_id": number, "reveal_error": reveal_error}
        return render(request, "registry/_student_id.html", context)
    context = {
        "object": student,
        "tabs": list(StudentDetailView.tabs),
        "tab": "overview",
        "history_url": history_url(student),
        "revealed_id": number,
        "reveal_error": reveal_error,
        "can_reveal": True,
        "birth_date_shown": clock.written(student.birth_date),
        "enrollments": _with_grade_names(selectors.student_enrollments(student=student)),
    }
    return render(request, StudentDetailView.template_name, context)


# --- areas and departments ----------------------------------------------------------------------------


class AreaListView(ObjectListView):
    filterset_class = filters.AreaFilterSet
    template_name = "registry/area_list.html"
    export_url_name = "registry:area_export"
    export_filename = _("areas")

    def get_queryset(self, action):
        return selectors.area_list(user=self.request.user, action=action)

    def get_export_columns(self):
        return [
            (_("administrative code"), lambda a: a.code),
            (_("name"), lambda a: a.name),
            (_("kind"), lambda a: a.get_kind_display()),
            (_("parent"), lambda a: a.parent.name if a.parent else ""),
            (_("schools"), lambda a: a.school_count),
        ]


class DepartmentListView(ObjectListView):
    filterset_class = filters.DepartmentFilterSet
    template_name = "registry/department_list.html"
    export_url_name = "registry:department_export"
    export_filename = _("departments")

    def get_queryset(self, action) -> QuerySet:
        return selectors.department_list(user=self.request.user, action=action)

    def get_export_columns(self):
        return [
            (_("name"), lambda d: d.name),
            (_("other names"), lambda d: d.aliases),
            (_("county"), lambda d: d.county.name),
        ]
