"""The home page: each of the user's roles' to-do lists, then the headline counts of their scope."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from edubureau.home import selectors


@login_required
def home(request):
    user = request.user
    context = {"sections": selectors.home_sections(user=user), **selectors.home_counts(user=user)}
    return render(request, "home/home.html", context)
