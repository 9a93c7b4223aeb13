"""The admin panel (/admin): server-rendered pages for an organization's staff.

How to add a page:

1. Write the view in a module of this package named for what it holds (``volunteer_views.py``),
   importing ``bp`` from ``widget_server.admin.blueprint``; decorate it with
   ``@require_role(Role.VIEWER)`` (read), ``Role.EDITOR`` (tasks and sign-ups) or
   ``Role.OWNER`` (keys, members, deleting data), from ``widget_server.admin.guard``. A view
   without a declared role is refused with 403. Reach the organization through
   ``current_organization()`` and look objects up within it, so that another
   organization's ids answer 404.
2. Put its forms in ``forms/`` (Flask-WTF; CSRF is checked on every POST anyway) and its
   template in ``templates/admin/``, extending ``admin/_layout.html`` and filling
   ``title`` and ``main``.
3. Import the module below, add a ``NavItem`` to ``navigation.NAV_ITEMS`` if it is a
   main page, and add the endpoint with its minimum role to the table in
   ``tests/test_admin_access.py`` (the test fails until you do).
"""

from __future__ import annotations

from widget_server.admin import (  # noqa: F401  (importing registers the views)
    access_views,
    account_views,
    audit_views,
    dashboard_views,
    directory_listing_views,
    embed_views,
    followup_views,
    local_time,
    message_views,
    notification_views,
    privacy_views,
    saved_reply_views,
    task_actions,
    task_edit_views,
    task_import_views,
    task_views,
    team_views,
    time_zone_views,
    volunteer_views,
    webhook_views,
)
from widget_server.admin.blueprint import bp

__all__ = ["bp"]
