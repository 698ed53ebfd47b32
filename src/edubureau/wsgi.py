import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edubureau.settings")
application = get_wsgi_application()

# gunicorn runs no system checks: refuse to serve on a missing or wrong field key (edubureau.E001).
from edubureau.core import crypto  # noqa: E402

if problem := crypto.field_key_problem():
    raise ImproperlyConfigured(problem)
