"""HTML of the forum, served by ForumPage's routes: thin wrappers over forum.selectors and forum.services."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.services import user_has_verified_email
from participation.services import active_suspension

from . import selectors, services
from .forms import TopicFilterForm, TopicForm


def topic_list(request, forum):
    categories = selectors.categories()
    form = TopicFilterForm(request.GET, categories=categories)
    context = forum.get_context(request)
    context.update(filter_form=form, categories=categories,
                   own_topics=selectors.own_unpublished_topics(request.user, forum=forum))
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        queryset = selectors.public_topics(forum=forum, category=data["category"], query=data["q"])
        try:
            context["topics_page"] = Paginator(queryset, settings.FORUM_TOPICS_PER_PAGE).page(data["page"] or 1)
        except EmptyPage:
            context["errors"], status = [_("There is no such page in this list.")], 404
        context["active_filters"] = data
    else:
        context["errors"] = [message for errors in form.errors.values() for message in errors]
        status = 400
    return TemplateResponse(request, "forum/forum_page.html", context, status=status)


def topic_detail(request, forum, topic_id: int, slug: str):
    topic = selectors.visible_topic(topic_id=topic_id, viewer=request.user, forum=forum)
    if topic is None:
        raise Http404
    if slug != topic.slug:  # one address per topic: old or shortened slugs lead to it
        return HttpResponseRedirect(topic.get_url(request), status=301)
    context = forum.get_context(request)
    context.update(topic=topic, is_moderator=request.user.has_perm(services.MODERATE_PERMISSION))
    return TemplateResponse(request, "forum/topic_page.html", context)


def topic_new(request, forum):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    form = TopicForm(request.POST if request.method == "POST" else None)
    context = forum.get_context(request)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.topic_create(forum=forum, author=request.user, category=data["category"],
                                          title=data["title"], body=data["body"])
        except services.ForumError as error:
            form.add_error(error.field, error.message)
        except services.ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. Your topic will appear in the forum after a moderator checks it."))
            return HttpResponseRedirect(topic.get_url(request))
    if request.method == "POST":
        status = 422
    verified = user_has_verified_email(request.user)
    context.update(form=form, can_start=services.topic_can_start(request.user), verified=verified,
                   suspension=active_suspension(request.user) if verified else None,
                   errors=[error for errors in form.errors.values() for error in errors])
    return TemplateResponse(request, "forum/topic_form.html", context, status=status)
