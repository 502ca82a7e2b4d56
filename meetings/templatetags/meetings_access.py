"""``{% meetings_can "mark_done" action as allowed %}``: the page asks meetings.access."""

from django import template

from meetings import access

register = template.Library()


@register.simple_tag(takes_context=True)
def meetings_can(context, action: str, obj=None) -> bool:
    """Whether the signed-in user may do ``action`` (a ``can_<action>`` of meetings.access)."""
    try:
        predicate = access.ACTIONS[action]
    except KeyError:
        raise template.TemplateSyntaxError(f"meetings_can: unknown action {action!r}") from None
    return predicate(context["request"].user, obj)
