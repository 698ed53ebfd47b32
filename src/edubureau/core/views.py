from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from edubureau.core.models import Job
from edubureau.registry.choices import EnrollmentStatus
from edubureau.registry.models import School, Student, Teacher


@login_required
def home(request):
    """The landing page: the headline counts of what the user may see."""
    user = request.user
    schools = School.objects.restrict(user).aggregate(
        total=Count("id"), kindergartens=Count("id", filter=Q(kind="kindergarten"))
    )
    context = {
        "schools": schools,
        "students": Student.objects.restrict(user)
        .filter(enrollments__status=EnrollmentStatus.ENROLLED)
        .values("id")
        .distinct()
        .count(),
        "teachers": Teacher.objects.restrict(user).count(),
    }
    return render(request, "core/home.html", context)


@login_required
def job_status(request, pk: int):
    """A background job's progress (polled by the page with htmx); only its owner sees it."""
    job = get_object_or_404(Job, pk=pk, owner=request.user)
    template = "core/_job_progress.html" if request.headers.get("HX-Request") else "core/job.html"
    return render(request, template, {"job": job})
