from portal.registry import registry
from portal.roles import ROLE_LABELS, role_of


def portal(request):
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    nav = []
    if role:
        match = getattr(request, "resolver_match", None)
        current = match.view_name if match else ""
        for item in registry.nav:
            if item.visible(user):
                section = item.section or item.url_name.split(":")[0]
                active = current == item.url_name or current.split(":")[0] == section
                nav.append({"label": item.label, "url_name": item.url_name, "active": active})
    return {"portal_role": role, "portal_role_label": ROLE_LABELS.get(role, ""), "portal_nav": nav}
