"""Import pages: upload a workbook, watch the job, read and download the problems.

The upload becomes a ``core.Job`` (kind ``import.<kind>``) run by a huey task; the job page polls
``core:job`` and shows ``_result.html``. Pages need ``add`` on the kind's model; a job is its owner's only.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from edubureau.core.export import attachment, xlsx_bytes, xlsx_response
from edubureau.core.models import Job
from edubureau.core.scoping import user_can
from edubureau.registry.imports.forms import ImportForm
from edubureau.registry.imports.schemas import KINDS, ImportKind
from edubureau.registry.imports.services import kind_model, kinds_for
from edubureau.registry.imports.tasks import RESULT_TEMPLATE, import_job_task

RECENT_JOBS = 20


def _kind_or_404(user, kind: str) -> ImportKind:
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    if not user_can(user, "add", kind_model(spec)):
        raise PermissionDenied
    return spec


def _own_job(user, pk: int) -> Job:
    return get_object_or_404(Job, pk=pk, owner=user, kind__startswith="import.")


@login_required
def import_list(request):
    """The user's recent imports and one upload form per kind they may import."""
    kinds = kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    jobs = [
        (job, KINDS.get(job.params.get("kind")))
        for job in Job.objects.filter(owner=request.user, kind__startswith="import.")[:RECENT_JOBS]
    ]
    forms = [ImportForm(kind=kind, prefix=kind.key) for kind in kinds]
    return render(request, "registry/imports/import_list.html", {"forms": forms, "jobs": jobs})


@login_required
def import_new(request, kind: str):
    """Upload a workbook of ``kind``: it becomes a job, and the page follows the job."""
    spec = _kind_or_404(request.user, kind)
    form = ImportForm(request.POST or None, request.FILES or None, kind=spec, prefix=spec.key)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = Job(
            kind=f"import.{spec.key}",
            owner=request.user,
            params={
                "kind": spec.key,
                "filename": upload.name[:200],
                "school_year": form.cleaned_data.get("school_year"),
                "dry_run": form.cleaned_data["dry_run"],
                "result_template": RESULT_TEMPLATE,
            },
        )
        job.input_file.save(f"import-{spec.key}.xlsx", upload, save=False)
        job.save()
        import_job_task(job.pk)
        return redirect("registry:import_job", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "registry/imports/import_new.html", {"form": form, "kind": spec}, status=status)


@login_required
def import_job(request, pk: int):
    """One import's progress and, when finished, its outcome."""
    job = _own_job(request.user, pk)
    return render(
        request, "registry/imports/import_job.html", {"job": job, "kind": KINDS.get(job.params.get("kind"))}
    )


@login_required
def import_errors_xlsx(request, pk: int):
    """The problems of a rejected import as a workbook (ID numbers masked, as everywhere in reports)."""
    job = _own_job(request.user, pk)
    errors = job.result.get("errors") or []
    columns = [
        (_("Row"), lambda e: e["row"]),
        (_("Column"), lambda e: e["column"]),
        (_("Value"), lambda e: e["value"]),
        (_("Problem"), lambda e: e["reason"]),
        (_("How to fix"), lambda e: e["fix"]),
    ]
    return xlsx_response(_("import-problems-%(pk)s") % {"pk": job.pk}, columns, errors, title=_("Problems"))


@login_required
def import_template(request, kind: str):
    """A blank workbook with the kind's headers, required ones first as schools fill them in."""
    spec = _kind_or_404(request.user, kind)
    columns = [(col.header, lambda _row: None) for col in spec.columns]
    content = xlsx_bytes(columns, [], title=str(spec.label))
    return attachment(content, _("import-template-%(kind)s.xlsx") % {"kind": spec.key})
