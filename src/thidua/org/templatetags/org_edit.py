"""Template helpers of the editing pages."""

from __future__ import annotations

from django import template

from thidua.org.forms_edit import RatingForm

register = template.Library()


@register.simple_tag
def new_rating_form() -> RatingForm:
    """An empty rating form, for detail pages whose view does not provide one."""
    return RatingForm()
