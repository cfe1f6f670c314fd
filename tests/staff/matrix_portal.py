from tests.staff.matrix import ANY_ROLE, EDITOR, StaffPage

PAGES = [
    StaffPage("staff:dashboard", region_scoped=False),
    StaffPage("staff:account", region_scoped=False),
    StaffPage("staff:two-factor-setup", region_scoped=False),
    StaffPage("staff:two-factor-disable", region_scoped=False),
    StaffPage("staff:password-change", region_scoped=False),
    StaffPage("staff:password-change-done", region_scoped=False),
    StaffPage("staff:audit", region_scoped=False),
    StaffPage("staff:history", lambda w: {"label": "plans.cooperationplan", "pk": w.plan.pk}, allowed=ANY_ROLE),
    # A GET asks whether to restore (the confirmation page); only the confirmed POST restores.
    StaffPage(
        "staff:history-restore",
        lambda w: {
            "label": "plans.activity",
            "pk": w.activity.pk,
            "history_id": w.activity.history.latest().history_id,
        },
        allowed=EDITOR,
    ),
]

# Pages under /manage/ open to everyone: logging in and out, resetting a forgotten password.
PUBLIC = {
    "staff:login",
    "staff:login-verify",
    "staff:logout",
    "staff:password-reset",
    "staff:password-reset-done",
    "staff:password-reset-confirm",
    "staff:password-reset-complete",
}
