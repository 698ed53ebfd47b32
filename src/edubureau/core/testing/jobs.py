"""Following a background export in tests (tasks run in-process with EDUBUREAU_TASKS_IMMEDIATE=1)."""

from __future__ import annotations

from django.urls import resolve, reverse


def job_download(response):
    """The download a response leads to: the response itself, or, when it sent the browser to a job's
    page, the job's file (fetched with the same client, so as the same user). A response that is neither
    comes back as it is."""
    if response.status_code != 302:
        return response
    match = resolve(response["Location"].split("?")[0])
    if match.view_name != "core:job":
        return response
    return response.client.get(reverse("core:job_file", args=[match.kwargs["pk"]]))


def body_of(response) -> bytes:
    """The bytes of a download, streamed (a job's file) or not; read once."""
    if not response.streaming:
        return response.content
    if not hasattr(response, "_body"):
        response._body = b"".join(response.streaming_content)
    return response._body
