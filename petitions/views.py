"""Public pages of e-petitions (served by PetitionIndexPage): list, petition, signing, submission, "my petitions".
Thin wrappers over petitions.services; every page works without JavaScript."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms import pagecache
from cms.services import user_has_verified_email

from . import selectors, services
from .forms import PetitionFilterForm, PetitionForm
from .models import Petition


def client_ip(request) -> str | None:
    # The reverse proxy sets REMOTE_ADDR to the visitor's address (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None


def _page(queryset, number, per_page, *, count: int | None = None):
    paginator = Paginator(queryset, per_page)
    if count is not None:  # known already: no COUNT(*) over a petition's thousands of signatures
        paginator.count = count
    try:
        return paginator.page(number or 1)
    except EmptyPage:
        return None


def _errors(form) -> list[str]:
    return [message for messages_ in form.errors.values() for message in messages_]


def petition_list(request, index_page):
    statuses = selectors.public_statuses()
    form = PetitionFilterForm(request.GET, statuses=statuses)
    context = index_page.get_context(request)
    context.update(filter_form=form, statuses=statuses)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        queryset = selectors.filter_petitions(selectors.public_petitions(), status=data["status"],
                                              category=data["category"], query=data["q"].strip(),
                                              sort=data["sort"] or "newest")
        page = _page(queryset, data["page"], settings.PETITIONS_PER_PAGE)
        if page is None:
            context["errors"], status = [_("There is no such page in this list.")], 404
        else:
            # Each petition's «N days left» counts down by the clock: the list is kept until the first turns over.
            pagecache.changes_at(request, selectors.days_left_changes_at(page.object_list))
        context["petitions_page"] = page
    else:
        context["errors"], status = _errors(form), 400
    return TemplateResponse(request, "petitions/petition_index_page.html", context, status=status)


def _visible_petition(request, pk: int) -> Petition:
    """The petition if the visitor may see it (selectors.visible_petitions: the author's own drafts, moderators'
    look before publishing), else 404."""
    petition = selectors.visible_petitions(request.user).select_related("category").filter(pk=pk).first()
    if petition is None:
        raise Http404
    return petition


def petition_detail(request, index_page, pk: int):
    petition = _visible_petition(request, pk)
    signers_page = None
    if petition.status != Petition.Status.DRAFT:
        number = request.GET.get("signers", "1")
        if not (number.isascii() and number.isdigit()) or len(number) > 6:  # "²".isdigit() but int() refuses it
            raise Http404
        # The stored count equals the valid signature rows (same statement, tested under concurrency).
        signers_page = _page(selectors.public_signatures(petition), int(number), settings.PETITIONS_SIGNERS_PER_PAGE,
                             count=petition.signature_count)
        if signers_page is None:
            raise Http404
    pagecache.changes_at(request, petition.clock_changes_at())  # days left to sign or to answer
    context = index_page.get_context(request)
    context.update(
        petition=petition, signers_page=signers_page, timeline=selectors.timeline(petition),
        has_signed=selectors.has_signed(petition, request.user),
        can_sign=petition.is_collecting and user_has_verified_email(request.user),
        attachments=petition.attachments.all(), documents=petition.answer_documents.all(),
        share_url=request.build_absolute_uri(petition.get_absolute_url()),
        days_left=petition.days_left(), response_days_left=petition.response_working_days_left(),
    )
    return TemplateResponse(request, "petitions/petition_page.html", context)


def petition_sign_view(request, index_page, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    petition = _visible_petition(request, pk)
    url = petition.get_absolute_url()
    if not request.user.is_authenticated:
        return redirect_to_login(url, settings.LOGIN_URL)
    try:
        services.petition_sign(petition=petition, user=request.user, ip_address=client_ip(request))
    except services.PetitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you: your signature is counted. A signature cannot be withdrawn."))
    return HttpResponseRedirect(f"{url}#sign")


def petition_edit(request, index_page, pk: int | None):
    """Write a draft, preview it, see similar petitions, then accept the rules and submit."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    petition = None
    if pk is not None:
        petition = Petition.objects.filter(pk=pk, author=request.user).first()
        if petition is None:
            raise Http404
        if petition.status != Petition.Status.DRAFT:
            messages.error(request, _("A submitted petition can no longer be changed."))
            return HttpResponseRedirect(petition.get_absolute_url())
    initial = {"title": petition.title, "text": petition.text, "category": petition.category,
               "accept_rules": petition.rules_accepted_at is not None} if petition else {}
    form = PetitionForm(request.POST or None, request.FILES or None, petition=petition, initial=initial)
    context = index_page.get_context(request)
    context.update(form=form, petition=petition, verified=user_has_verified_email(request.user), errors=[],
                   preview=None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data, action = form.cleaned_data, request.POST.get("action", "save")
        try:
            petition = services.petition_save_draft(
                author=request.user, petition=petition, title=data["title"], text=data["text"],
                category=data["category"], files=data["attachments"],
                remove_attachment_ids=[item.pk for item in data.get("remove_attachments") or []],
                accept_rules=data["accept_rules"], ip_address=client_ip(request))
            if action == "submit":
                services.petition_submit(petition=petition, author=request.user, accept_rules=data["accept_rules"],
                                         ip_address=client_ip(request))
                messages.success(request, _("Your petition is sent to moderation. It will be published or "
                                            "rejected within two working days."))
                return HttpResponseRedirect(f"{index_page.url}moi/")
        except services.PetitionError as error:
            context["errors"], status = [error.message], 422
        else:
            if action == "preview":
                context["preview"] = petition
            else:
                messages.success(request, _("The draft is saved. Only you can see it."))
                return HttpResponseRedirect(f"{index_page.url}{petition.pk}/redaguvaty/")
        context["petition"] = petition
    elif request.method == "POST":
        context["errors"], status = _errors(form), 422
    title = (form.data.get("title") if form.is_bound else None) or (petition.title if petition else "")
    context["similar"] = selectors.similar_petitions(title, exclude_pk=petition.pk if petition else None) \
        if title else []
    return TemplateResponse(request, "petitions/petition_form.html", context, status=status)


def my_petitions(request, index_page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    context = index_page.get_context(request)
    context.update(authored=selectors.petitions_by_author(request.user),
                   signed=selectors.petitions_signed_by(request.user))
    return TemplateResponse(request, "petitions/my_petitions.html", context)
