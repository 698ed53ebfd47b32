"""The safety section's tab row: each entry shown when the user holds the view grant it leads to."""

from django import template

from edubureau.core.scoping import user_can
from edubureau.safety.models import BullyingCase, CampusScheme, TrainingCentre

register = template.Library()


@register.inclusion_tag("safety/_nav.html", takes_context=True)
def safety_nav(context):
    user = context["request"].user
    return {
        "show": {
            "bullying": user_can(user, "view", BullyingCase),
            "centres": user_can(user, "view", TrainingCentre),
            "grading": user_can(user, "view", CampusScheme),
        }
    }
