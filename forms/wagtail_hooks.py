from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_views.submissions import SubmissionViewSet


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet()


@hooks.register("register_log_actions")
def register_form_log_actions(actions):
    actions.register_action("forms.view_submission", _("View submission"), _("Submission viewed"))
    actions.register_action(
        "forms.download_file", _("Download file"), _("Uploaded file downloaded")
    )
    actions.register_action(
        "forms.export_submissions", _("Export submissions"), _("Submission exported")
    )
