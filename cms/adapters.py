"""django-allauth glue: e-mails go out through the task queue, named after the portal; people are called by their
names; staff sign-in lands in the admin."""
from allauth.account.adapter import DefaultAccountAdapter

from .emails import portal_site
from .tasks import send_email


def user_display(user) -> str:
    """allauth shows this on the account pages and in its e-mails: the person's name, never the generated
    username (their e-mail address until they give a name)."""
    return (getattr(user, "full_name", "") or "").strip() or getattr(user, "email", "") or str(user)


class PortalAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        # allauth's "unknown account" e-mail prints {{ email }} but its flow forgets to pass it («… поштою .»).
        recipient = email if isinstance(email, str) else ", ".join(email)
        context = {"email": recipient, **context, "current_site": portal_site()}
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
