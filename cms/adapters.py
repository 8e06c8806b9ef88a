"""django-allauth glue: e-mails go out through the task queue; staff sign-in lands in the admin."""
from allauth.account.adapter import DefaultAccountAdapter

from .tasks import send_email


class PortalAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html_body = None
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html_body = content
        if message.content_subtype == "html":
            html_body, body = message.body, ""
        else:
            body = message.body
        send_email.enqueue(
            subject=message.subject,
            body=body,
            html_body=html_body,
            to=list(message.to),
            from_email=message.from_email,
            headers=dict(message.extra_headers),
        )

    def get_login_redirect_url(self, request):
        user = request.user
        if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
            return "/admin/"
        return super().get_login_redirect_url(request)
