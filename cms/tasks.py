"""Background tasks of the project app: every e-mail leaves through a task."""
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str], from_email: str | None = None,
               html_body: str | None = None, headers: dict | None = None) -> int:
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
