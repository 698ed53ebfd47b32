"""周转池 and 校际交流 pages, included by ``staffing/urls.py`` at ``pool/``; owned by the pool work."""

urlpatterns: list = []
