from tests.admin.helpers import add_member, sign_in, post
from tests.factories import make_task, make_signup
from widget_server.models import Role


def test_pages(client, session, org):
    email = add_member(session, org, "owner@example.org", Role.OWNER)
    task = make_task(session, org)
    s = make_signup(session, org, task, name="أسامة")
    sign_in(client, email)
    for path in ["/admin/", "/admin/dashboard", "/admin/volunteers", f"/admin/volunteers/{s.public_id}",
                 "/admin/embed", "/admin/team", "/admin/audit", "/admin/volunteers?q=اسامه&status=pending",
                 "/admin/volunteers/export.csv", "/admin/embed?s_locale=ar&s_layout=grid&s_theme=dark"]:
        r = client.get(path, follow_redirects=True)
        print(path, r.status_code)
        assert r.status_code == 200, r.get_data(as_text=True)[:3000]
    r = post(client, f"/admin/volunteers/{s.public_id}/status", {"status": "accepted"})
    print(r.status_code, r.headers.get("Location"))
    r = post(client, "/admin/embed/keys", {"kind": "secret", "label": "x", "form_nonce": "abcdefghijklmnopqrstu"})
    print(r.status_code)
    assert "vw_sk_" in r.get_data(as_text=True)
    r = client.get("/admin/audit")
    print(r.get_data(as_text=True)[-3000:])
